/*
 * protocol.c: the wire, as both roles write and read it (see protocol.h):
 * the byte queue, frames in and out of it, and the protocol's small rules.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "protocol.h"

/* ------------------------------------------------------------------ the byte queue */

static void buf_reserve(struct buf *b, size_t n)
{
    if (b->cap - b->end >= n) return;
    if (b->start > 0) { /* reuse the consumed front before growing */
        memmove(b->data, buf_head(b), buf_len(b));
        b->end -= b->start;
        b->start = 0;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->end < n) cap *= 2;
    if (cap != b->cap) {
        b->data = realloc(b->data, cap);
        if (!b->data) out_of_memory();
        b->cap = cap;
    }
}

void buf_put(struct buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->end, p, n);
    b->end += n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n > 0) buf_put(b, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

void buf_consume(struct buf *b, size_t n)
{
    b->start += n;
    if (b->start == b->end) b->start = b->end = 0;
}

void buf_clear(struct buf *b)
{
    b->start = b->end = 0;
}

/* Frames and request fields share one layout: [type][length, 4 bytes BE][payload]. */
void buf_tlv(struct buf *b, unsigned char type, const void *payload, size_t n)
{
    unsigned char head[5] = {type};
    put_u32(head + 1, (uint32_t)n);
    buf_put(b, head, 5);
    buf_put(b, payload, n);
}

/* One read() of at most max bytes appended to b; its result as read() gives it. */
ssize_t buf_read(struct buf *b, int fd, size_t max)
{
    buf_reserve(b, max);
    ssize_t n = read(fd, b->data + b->end, max);
    if (n > 0) b->end += (size_t)n;
    return n;
}

/* One write() of at most max bytes from the front of b. */
ssize_t buf_write(struct buf *b, int fd, size_t max)
{
    size_t n = buf_len(b) < max ? buf_len(b) : max;
    ssize_t w = write(fd, buf_head(b), n);
    if (w > 0) buf_consume(b, (size_t)w);
    return w;
}

ssize_t buf_send(struct buf *b, int sock)
{
    ssize_t w = send(sock, buf_head(b), buf_len(b), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) buf_consume(b, (size_t)w);
    return w;
}

/* ------------------------------------------------------------------ frames */

/* Looks at the frame at the front of b; its length is judged as soon as the header is in. */
int frame_peek(const struct buf *b, uint32_t max, struct frame *f)
{
    if (buf_len(b) < 5) return FRAME_PARTIAL;
    const unsigned char *p = buf_head(b);
    f->type = p[0];
    f->len = get_u32(p + 1);
    f->payload = p + 5;
    if (f->len > max) return FRAME_TOO_BIG;
    return buf_len(b) - 5 >= f->len ? FRAME_READY : FRAME_PARTIAL;
}

/* A tag or frame type, for a message: 'A', or 0x00 when it is not printable. */
const char *tag_name(unsigned char tag)
{
    static char text[8];
    if (tag > 0x20 && tag < 0x7f) snprintf(text, sizeof text, "'%c'", tag);
    else snprintf(text, sizeof text, "0x%02x", tag);
    return text;
}

bool valid_env_name(const char *s, size_t n)
{
    if (n == 0 || n > MAX_ENV_NAME) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        if (!letter && (i == 0 || c < '0' || c > '9')) return false;
    }
    return true;
}
