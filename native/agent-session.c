/*
 * agent-session.c: one connection, in the process the agent forked for it:
 * the caller checked (same uid), the R frame read within 10 s and checked,
 * the command run and relayed, or refused with an F frame; then the
 * connection closed so that the client still gets the last frame.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"
#include "common.h"

#define REQUEST_TIMEOUT_MS 10000
#define LINGER_MS 1000              /* after the last frame: how long to drop what the client still sends */
#define LINGER_MAX (4u << 20)

/* ------------------------------------------------------------------ frames to the client */

void send_frame(struct session *s, unsigned char type, const void *p, size_t n)
{
    buf_tlv(&s->to_client, type, p, n);
}

void send_text(struct session *s, unsigned char type, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    send_frame(s, type, text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

void send_exit(struct session *s, uint32_t how, uint32_t value)
{
    unsigned char x[8];
    put_u32(x, how);
    put_u32(x + 4, value);
    send_frame(s, 'X', x, 8);
}

/* Sends what is queued for the client; false when it went away or timeout_ms (-1: none) passed. */
bool flush_client(struct session *s, int timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    while (buf_len(&s->to_client) > 0) {
        if (buf_send(&s->to_client, s->conn) >= 0) continue;
        if (!would_block(errno)) return false;
        int left = timeout_ms < 0 ? -1 : (int)(deadline - now_ms());
        if (timeout_ms >= 0 && left <= 0) return false;
        struct pollfd p = {s->conn, POLLOUT, 0};
        if (poll(&p, 1, left) > 0 && p.revents & (POLLHUP | POLLERR)) return false;
    }
    return true;
}

/* Closes after the last frame. Closing with unread bytes would reset the
 * connection, and a client still writing could then lose that frame: so stop
 * sending, and drop what it still sends for a moment first. */
void close_client(struct session *s)
{
    shutdown(s->conn, SHUT_WR);
    long long deadline = now_ms() + LINGER_MS;
    size_t dropped = 0;
    for (int left; dropped < LINGER_MAX && (left = (int)(deadline - now_ms())) > 0;) {
        char scratch[MAX_FRAME];
        if (poll(&(struct pollfd){s->conn, POLLIN, 0}, 1, left) < 0 && errno != EINTR) break;
        ssize_t n = read(s->conn, scratch, sizeof scratch);
        if (n == 0 || (n < 0 && !would_block(errno))) break;
        if (n > 0) dropped += (size_t)n;
    }
    close(s->conn);
}

/* ------------------------------------------------------------------ the request */

/* Refuses: F with the text, the line in the log, the connection closed. */
static _Noreturn void refuse(struct session *s, const char *text)
{
    send_text(s, 'F', "%s", text);
    flush_client(s, 1000);
    log_entry(s, "refused", 0, text);
    close_client(s);
    _exit(0);
}

/* Reads the R frame within the deadline; what follows it stays in from_client. */
static void read_request(struct session *s, struct frame *req)
{
    long long deadline = now_ms() + REQUEST_TIMEOUT_MS;
    bool got_bytes = false;
    for (;;) {
        if (buf_len(&s->from_client) > 0 && buf_head(&s->from_client)[0] != 'R')
            refuse(s, reason("refused: the first frame must be a request (R), not %s", tag_name(buf_head(&s->from_client)[0])));
        int st = frame_peek(&s->from_client, MAX_REQUEST, req);
        if (st == FRAME_TOO_BIG) refuse(s, reason("refused: the request is %u bytes; the limit is 1 MiB (%u)", req->len, MAX_REQUEST));
        if (st == FRAME_READY) return;
        int left = (int)(deadline - now_ms());
        if (left <= 0) refuse(s, "no request within 10 s");
        struct pollfd p = {s->conn, POLLIN, 0};
        if (poll(&p, 1, left) <= 0) continue;
        ssize_t n = buf_read(&s->from_client, s->conn, 256 << 10);
        if (n > 0) got_bytes = true;
        if (n > 0 || (n < 0 && would_block(errno))) continue;
        if (!got_bytes) _exit(0); /* a probe (another agent checking the socket), not a request */
        refuse(s, "refused: the connection closed in the middle of the request");
    }
}

/* ------------------------------------------------------------------ running it */

/* The answer for a command that could not be started: M and X, then the log. */
static _Noreturn void cannot_run(struct session *s, const char *cmd, int status, int err)
{
    if (status == 127) send_text(s, 'M', "%s: command not found on the host", cmd);
    else if (err == EACCES || err == EPERM) send_text(s, 'M', "%s: permission denied", cmd);
    else send_text(s, 'M', "%s: cannot run it on the host: %s", cmd, strerror(err));
    send_exit(s, 0, (uint32_t)status);
    flush_client(s, 1000);
    log_entry(s, "status", status, NULL);
    close_client(s);
    _exit(0);
}

static _Noreturn void run_request(struct session *s, struct request *r)
{
    enter_cwd(s, r->cwd);
    char **env = merge_env(r->env, r->envc, s->cwd);
    const char *cmd = r->argv[0];
    int status = 127, err = 0;
    char *file = find_command(cmd, env, &status);
    if (!file) cannot_run(s, cmd, status, status == 127 ? ENOENT : EACCES);
    if (strchr(cmd, '/')) r->argv[0] = file; /* the program sees the path the host knows */
    struct child c;
    if (!spawn(r, file, env, &c, &err)) cannot_run(s, cmd, err == ENOENT ? 127 : 126, err);
    relay(s, c);
}

/* One connection, in a process of its own. */
_Noreturn void serve(int conn)
{
    struct session s = {.conn = conn, .cwd = ""};
    time(&s.when);
    int sigs[] = {SIGCHLD};
    catch_signals(sigs, 1);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    set_nonblocking(conn);
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) refuse(&s, "refused: the caller cannot be identified (SO_PEERCRED)");
    s.peer_pid = cred.pid;
    if (cred.uid != getuid())
        refuse(&s, reason("refused: this agent serves uid %u only; the caller is uid %u", (unsigned)getuid(), (unsigned)cred.uid));
    struct frame f;
    read_request(&s, &f);
    struct request r = {0};
    const char *why = parse_request(f.payload, f.len, &r);
    if (why) refuse(&s, why);
    buf_consume(&s.from_client, 5 + (size_t)f.len);
    s.argv = r.argv;
    s.argc = r.argc;
    s.cwd = r.cwd;
    run_request(&s, &r);
}
