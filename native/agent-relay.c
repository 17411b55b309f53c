/*
 * agent-relay.c: the agent while the command runs: the client's input,
 * window size and signals to the command, its output to the client, each
 * side read only while the other has room. It ends with the X frame when the
 * command exits, or hangs up the command when the client goes or breaks the
 * protocol; then the log line, and the connection's process exits.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "common.h"

static const int ALLOWED_SIGNALS[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGCONT, SIGTSTP, SIGWINCH};

struct relay {
    struct session *s;
    struct child c;
    struct buf to_cmd;
    bool input_ended;    /* the client sent end of input */
    bool client_eof;     /* the client shut its writing side: nothing more to read, output still wanted */
    bool exited;
    int status;          /* waitpid's, once exited */
    const char *broken;  /* the protocol error, when the client broke it */
};

enum outcome { RUNNING, EXITED, CLIENT_GONE, BROKE_PROTOCOL };

static bool reap(struct relay *r)
{
    int status;
    if (!r->exited && waitpid(r->c.pid, &status, WNOHANG) == r->c.pid) {
        r->exited = true;
        r->status = status;
    }
    return r->exited;
}

static void close_role(struct relay *r, int *fd)
{
    if (*fd >= 0 && *fd != r->c.master) close(*fd);
    *fd = -1;
}

/* One frame from the client while the command runs; NULL, or the protocol error. */
static const char *client_frame_in(struct relay *r, const struct frame *f)
{
    switch (f->type) {
    case 'I':
        if (f->len == 0 && r->c.master < 0) r->input_ended = true;
        else if (r->c.in >= 0 && !r->input_ended) buf_put(&r->to_cmd, f->payload, f->len);
        return NULL;
    case 'W': {
        if (f->len != 4) return reason("protocol error: a W frame (window size) must be 4 bytes, not %u", f->len);
        struct winsize ws = {.ws_col = get_u16(f->payload), .ws_row = get_u16(f->payload + 2)};
        if (ws.ws_col < 1 || ws.ws_col > MAX_COLS || ws.ws_row < 1 || ws.ws_row > MAX_ROWS)
            return reason("protocol error: window size %u cols x %u rows is out of range", ws.ws_col, ws.ws_row);
        if (r->c.master >= 0) ioctl(r->c.master, TIOCSWINSZ, &ws);
        return NULL;
    }
    case 'K': {
        if (f->len != 4) return reason("protocol error: a K frame (signal) must be 4 bytes, not %u", f->len);
        uint32_t sig = get_u32(f->payload);
        for (size_t i = 0; i < sizeof ALLOWED_SIGNALS / sizeof *ALLOWED_SIGNALS; i++) {
            if ((uint32_t)ALLOWED_SIGNALS[i] != sig) continue;
            kill(-r->c.pid, (int)sig);
            return NULL;
        }
        return reason("protocol error: signal %u may not be sent (only HUP, INT, QUIT, TERM, USR1, USR2, CONT, TSTP, WINCH)", sig);
    }
    default:
        return reason("protocol error: unexpected %s frame while the command runs", tag_name(f->type));
    }
}

/* Acts on each whole frame the client sent so far. */
static enum outcome client_frames(struct relay *r)
{
    struct session *s = r->s;
    struct frame f;
    int st;
    while ((st = frame_peek(&s->from_client, MAX_FRAME, &f)) == FRAME_READY) {
        if ((r->broken = client_frame_in(r, &f))) return BROKE_PROTOCOL;
        buf_consume(&s->from_client, 5 + f.len);
    }
    if (st == FRAME_TOO_BIG) {
        r->broken = reason("protocol error: a %s frame of %u bytes is over the 64 KiB limit", tag_name(f.type), f.len);
        return BROKE_PROTOCOL;
    }
    return RUNNING;
}

static enum outcome read_client(struct relay *r)
{
    ssize_t n = buf_read(&r->s->from_client, r->s->conn, MAX_FRAME + 5);
    if (n < 0 && !would_block(errno)) return CLIENT_GONE;
    if (n == 0) {
        /* a half-close (shutdown SHUT_WR): its input ends, and it still reads the output; a client that is
         * gone altogether shows as POLLHUP, or as a failed write */
        r->client_eof = true;
        if (r->c.master < 0) r->input_ended = true;
    }
    return client_frames(r);
}

static void write_input(struct relay *r)
{
    if (buf_write(&r->to_cmd, r->c.in, buf_len(&r->to_cmd)) >= 0 || would_block(errno)) return;
    buf_clear(&r->to_cmd); /* it closed its input (EPIPE), or its terminal is gone: nobody will read it */
    close_role(r, &r->c.in);
}

/* One read of the command's output into an O or E frame; false when it would block. */
static bool pump(struct relay *r, int *fd, unsigned char type)
{
    unsigned char chunk[MAX_FRAME];
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0) {
        send_frame(r->s, type, chunk, (size_t)n);
        return true;
    }
    if (n < 0 && would_block(errno)) return errno == EINTR;
    close_role(r, fd); /* EOF, or EIO: the pty has no more users */
    return false;
}

static void watch(struct pollfd *p, int fd, short events)
{
    p->fd = fd >= 0 && events ? fd : -1; /* a sink that is full is not polled, else its POLLHUP would spin */
    p->events = events;
    p->revents = 0;
}

static enum outcome relay_loop(struct relay *r)
{
    struct session *s = r->s;
    enum outcome early = client_frames(r); /* what came along with the request */
    if (early != RUNNING) return early;
    for (;;) {
        if (r->input_ended && buf_len(&r->to_cmd) == 0) close_role(r, &r->c.in);
        bool room = buf_len(&s->to_client) < HIGH_WATER;
        struct pollfd p[5];
        /* the client is always watched, even when its input cannot be taken (the command does not read
         * it): its POLLHUP says it is gone, and the command is hung up then */
        bool take_input = !r->client_eof && buf_len(&r->to_cmd) < HIGH_WATER;
        p[0] = (struct pollfd){s->conn, (short)((take_input ? POLLIN : 0) | (buf_len(&s->to_client) ? POLLOUT : 0)), 0};
        watch(&p[1], sig_pipe[0], POLLIN);
        watch(&p[2], r->c.in, buf_len(&r->to_cmd) ? POLLOUT : 0);
        watch(&p[3], r->c.out, room ? POLLIN : 0);
        watch(&p[4], r->c.err, room ? POLLIN : 0);
        if (poll(p, 5, -1) < 0) {
            if (errno == EINTR) continue;
            return CLIENT_GONE;
        }
        if (p[1].revents) {
            while (next_signal()) {}
            if (reap(r)) return EXITED;
        }
        if (p[0].revents & POLLOUT && buf_send(&s->to_client, s->conn) < 0 && !would_block(errno)) return CLIENT_GONE;
        if (p[0].revents & POLLIN) {
            enum outcome o = read_client(r);
            if (o != RUNNING) return o;
        } else if (p[0].revents & (POLLHUP | POLLERR)) {
            return CLIENT_GONE;
        }
        if (p[2].revents) write_input(r);
        if (p[3].revents) pump(r, &r->c.out, 'O');
        if (p[4].revents) pump(r, &r->c.err, 'E');
    }
}

/* After the command exited: what its outputs hold now, not waiting for
 * background processes that keep them open, and no more than a pipe holds
 * (one that keeps writing could otherwise grow the client's buffer forever). */
#define DRAIN_LIMIT (1u << 20)
static void drain_outputs(struct relay *r)
{
    for (size_t taken = 0; taken < DRAIN_LIMIT && r->c.out >= 0 && pump(r, &r->c.out, 'O'); taken += MAX_FRAME) {}
    for (size_t taken = 0; taken < DRAIN_LIMIT && r->c.err >= 0 && pump(r, &r->c.err, 'E'); taken += MAX_FRAME) {}
}

static bool wait_exit(struct relay *r, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    while (!reap(r)) {
        int left = (int)(deadline - now_ms());
        if (left <= 0) return false;
        poll(&(struct pollfd){sig_pipe[0], POLLIN, 0}, 1, left);
        while (next_signal()) {}
    }
    return true;
}

_Noreturn void relay(struct session *s, struct child c)
{
    struct relay r = {.s = s, .c = c};
    enum outcome o = relay_loop(&r);
    if (o == EXITED) {
        drain_outputs(&r);
        if (WIFSIGNALED(r.status)) send_exit(s, 1, (uint32_t)WTERMSIG(r.status));
        else send_exit(s, 0, (uint32_t)WEXITSTATUS(r.status));
        flush_client(s, -1);
        log_wait_status(s, r.status);
        close_client(s);
        _exit(0);
    }
    /* the client broke the protocol or is gone: hang up the command */
    kill(-r.c.pid, SIGHUP);
    close_role(&r, &r.c.in);
    close_role(&r, &r.c.out);
    close_role(&r, &r.c.err);
    if (r.c.master >= 0) close(r.c.master);
    if (o == BROKE_PROTOCOL) {
        char *broken = xstrndup(r.broken, strlen(r.broken));
        send_text(s, 'F', "%s", broken);
        flush_client(s, 1000);
        wait_exit(&r, 1000); /* not left a zombie while the connection closes */
        log_entry(s, "refused", 0, broken);
        close_client(s);
        _exit(0);
    }
    close(s->conn);
    if (wait_exit(&r, 1000)) log_wait_status(s, r.status);
    else log_entry(s, "refused", 0, "the client went away; the command was hung up");
    _exit(0);
}
