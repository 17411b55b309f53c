/*
 * protocol.h: what the client and the agent agree on, version 1 (the contract
 * is docs/HOST-COMMANDS.md, "Protocol"): the limits, the frames, and the byte
 * queue each side reads frames into and writes them from.
 *
 * A connection carries frames, [type: 1 byte][length: 4 bytes BE][payload].
 * The client's first is R, the request: its payload is fields of the same
 * layout, V (version), A (an argument), E (an environment entry), C (the
 * working directory) and T (a terminal's size). Then the client sends I
 * (input), W (window size) and K (a signal); the agent sends O (stdout),
 * E (stderr), M (a message), X (the exit) or F (a failure).
 */
#ifndef TOOLSHED_HOST_PROTOCOL_H
#define TOOLSHED_HOST_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MAX_REQUEST (1u << 20)      /* an R frame's payload */
#define MAX_FRAME (64u << 10)       /* any other frame's payload */
#define MAX_ARGS 4096
#define MAX_ARG_LEN 131072
#define MAX_ENV 1024
#define MAX_ENV_NAME 128
#define MAX_CWD 4096
#define MAX_COLS 1000
#define MAX_ROWS 500

/* ------------------------------------------------------------------ big-endian integers */

static inline uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint16_t get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

static inline void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = v >> 8, p[1] = v;
}

/* ------------------------------------------------------------------ the byte queue */

/* Every buffer: bytes appended at the end, consumed from the front. */
struct buf {
    unsigned char *data;
    size_t start, end, cap;
};

static inline size_t buf_len(const struct buf *b) { return b->end - b->start; }
static inline unsigned char *buf_head(const struct buf *b) { return b->data + b->start; }

void buf_put(struct buf *b, const void *p, size_t n);
void buf_printf(struct buf *b, const char *fmt, ...);
void buf_consume(struct buf *b, size_t n);
void buf_clear(struct buf *b);
/* Frames and request fields share one layout: [type][length, 4 bytes BE][payload]. */
void buf_tlv(struct buf *b, unsigned char type, const void *payload, size_t n);
/* One read() of at most max bytes appended to b; its result as read() gives it. */
ssize_t buf_read(struct buf *b, int fd, size_t max);
/* One write() of at most max bytes from the front of b. */
ssize_t buf_write(struct buf *b, int fd, size_t max);
/* One send() of all of b that the socket takes, never blocking, never SIGPIPE. */
ssize_t buf_send(struct buf *b, int sock);

/* ------------------------------------------------------------------ frames */

struct frame {
    unsigned char type;
    uint32_t len;
    const unsigned char *payload;
};

enum { FRAME_PARTIAL, FRAME_READY, FRAME_TOO_BIG };

/* Looks at the frame at the front of b; its length is judged as soon as the header is in. */
int frame_peek(const struct buf *b, uint32_t max, struct frame *f);

/* A tag or frame type, for a message: 'A', or 0x00 when it is not printable. */
const char *tag_name(unsigned char tag);

/* An E entry's NAME: [A-Za-z_][A-Za-z0-9_]*, at most MAX_ENV_NAME bytes. */
bool valid_env_name(const char *s, size_t n);

#endif
