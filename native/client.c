/*
 * client.c: the client, `toolshed-host [-e NAME=VALUE]... [--] CMD [ARG...]`,
 * run inside a toolbox. It sends the request (the command, the session's
 * environment, the folder, the terminal's size) to the agent on the host,
 * then relays stdin, window size changes and signals to it and the command's
 * output back, until the X frame gives the exit status it exits with. On the
 * host itself it just runs CMD.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "common.h"
#include "protocol.h"

extern char **environ;

/* ------------------------------------------------------------------ what is forwarded; the terminal */

/* Sent from the client's environment (besides each -e); a trailing * is a prefix. */
static const char *const SESSION_VARS[] = {
    "DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS", "TERM", "COLORTERM",
    "LANG", "LANGUAGE", "LC_*", "XDG_RUNTIME_DIR", "XDG_SESSION_*", "XDG_CURRENT_DESKTOP",
    "DESKTOP_SESSION", "SSH_AUTH_SOCK",
};

/* Forwarded to the host command as K frames. */
static const int FORWARDED[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

/* Would end the client by default: restore the terminal first, then die of them. */
static const int FATAL[] = {SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ};

static struct termios saved_tty;
static bool tty_raw;

static void restore_tty(void)
{
    if (tty_raw) tcsetattr(0, TCSADRAIN, &saved_tty);
    tty_raw = false;
}

static void make_tty_raw(void)
{
    struct termios t;
    if (tcgetattr(0, &saved_tty) != 0) return;
    t = saved_tty;
    cfmakeraw(&t);
    if (tcsetattr(0, TCSADRAIN, &t) == 0) tty_raw = true;
}

static _Noreturn void die_of(int sig)
{
    restore_tty();
    signal(sig, SIG_DFL);
    raise(sig);
    exit(128 + sig);
}

/* ------------------------------------------------------------------ bad arguments; running on the host itself */

static _Noreturn void usage_error(const char *fmt, const char *arg)
{
    fputs("toolshed-host: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(USAGE, stderr);
    exit(EXIT_OWN_FAILURE);
}

static bool in_container(void)
{
    /* podman makes it in every container (Toolbx's and distrobox's included); not /.dockerenv:
       a host that is itself a Docker container (some CI machines) would then never run anything */
    return access("/run/.containerenv", F_OK) == 0;
}

/* On the host itself there is nothing to reach: run CMD here. */
static _Noreturn void run_here(char **cmd, char **envs, size_t nenv)
{
    for (size_t i = 0; i < nenv; i++) {
        char *eq = strchr(envs[i], '=');
        char *name = xstrndup(envs[i], (size_t)(eq - envs[i]));
        setenv(name, eq + 1, 1);
    }
    execvp(cmd[0], cmd);
    if (errno == ENOENT) {
        fprintf(stderr, "toolshed-host: %s: command not found\n", cmd[0]);
        exit(127);
    }
    fprintf(stderr, "toolshed-host: %s: %s\n", cmd[0], strerror(errno));
    exit(126);
}

/* ------------------------------------------------------------------ the request */

/* The agent's socket: $TOOLSHED_HOST_SOCKET alone, else the first of the usual places that answers. */
static int connect_agent(void)
{
    char *paths[3];
    size_t n = 0;
    const char *forced = getenv("TOOLSHED_HOST_SOCKET");
    const char *runtime = getenv("XDG_RUNTIME_DIR");
    if (forced) {
        paths[n++] = xstrndup(forced, strlen(forced));
    } else {
        if (runtime && runtime[0] == '/') {
            paths[n++] = xasprintf("%s/toolshed/host.sock", runtime);
            paths[n++] = xasprintf("/run/host%s/toolshed/host.sock", runtime);
        }
        char *usual = xasprintf("/run/host/run/user/%u/toolshed/host.sock", (unsigned)getuid());
        if (n < 2 || strcmp(usual, paths[1]) != 0) paths[n++] = usual;
    }
    for (size_t i = 0; i < n; i++) {
        int fd = connect_to(paths[i]);
        if (fd >= 0) return fd;
    }
    fputs("toolshed-host: no Toolshed host agent is listening (looked for ", stderr);
    for (size_t i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? ", " : "", paths[i]);
    fputs("). Turn on \"Host commands\" in Toolshed's settings, or run "
          "\"systemctl --user enable --now toolshed-host.socket\" on the host.\n",
          stderr);
    exit(EXIT_OWN_FAILURE);
}

static bool is_session_var(const char *entry, size_t name_len)
{
    for (size_t i = 0; i < sizeof SESSION_VARS / sizeof *SESSION_VARS; i++) {
        const char *v = SESSION_VARS[i];
        size_t n = strlen(v);
        if (v[n - 1] == '*' ? name_len >= n - 1 && strncmp(entry, v, n - 1) == 0
                            : name_len == n && strncmp(entry, v, n) == 0)
            return true;
    }
    return false;
}

static void window_size(uint16_t *cols, uint16_t *rows)
{
    struct winsize ws = {0};
    if (ioctl(0, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0 || ws.ws_row == 0) ws.ws_col = 80, ws.ws_row = 24;
    *cols = ws.ws_col > MAX_COLS ? MAX_COLS : ws.ws_col;
    *rows = ws.ws_row > MAX_ROWS ? MAX_ROWS : ws.ws_row;
}

static void put_size(unsigned char out[4])
{
    uint16_t cols, rows;
    window_size(&cols, &rows);
    put_u16(out, cols);
    put_u16(out + 2, rows);
}

static void build_request(struct buf *req, char **cmd, char **envs, size_t nenv, bool tty)
{
    buf_tlv(req, 'V', "1", 1);
    for (char **a = cmd; *a; a++) buf_tlv(req, 'A', *a, strlen(*a));
    for (char **e = environ; *e; e++) {
        const char *eq = strchr(*e, '=');
        size_t name_len = eq ? (size_t)(eq - *e) : 0;
        if (eq && valid_env_name(*e, name_len) && is_session_var(*e, name_len)) buf_tlv(req, 'E', *e, strlen(*e));
    }
    for (size_t i = 0; i < nenv; i++) buf_tlv(req, 'E', envs[i], strlen(envs[i]));
    char *cwd = getcwd(NULL, 0);
    const char *home = getenv("HOME");
    if (!cwd) cwd = xstrndup(home && home[0] == '/' ? home : "/", strlen(home && home[0] == '/' ? home : "/"));
    buf_tlv(req, 'C', cwd, strlen(cwd));
    free(cwd);
    if (tty) {
        unsigned char size[4];
        put_size(size);
        buf_tlv(req, 'T', size, 4);
    }
}

/* ------------------------------------------------------------------ relaying */

struct client {
    int sock;
    bool tty;             /* stdin and stdout are terminals */
    bool reading_stdin;
    bool agent_reading;   /* false once a send failed: the agent closed */
    struct buf to_agent, from_agent, out, err;
};

/* Everything still queued for stdout and stderr, then exit. */
static _Noreturn void client_exit(struct client *c, int status)
{
    struct buf *bufs[2] = {&c->out, &c->err};
    for (int fd = 1; fd <= 2; fd++) {
        struct buf *b = bufs[fd - 1];
        while (buf_len(b) > 0) {
            if (buf_write(b, fd, buf_len(b)) >= 0) continue;
            if (errno == EAGAIN) poll(&(struct pollfd){fd, POLLOUT, 0}, 1, -1);
            else if (errno != EINTR) break;
        }
    }
    restore_tty();
    exit(status);
}

/* A line ends with \r\n while the terminal is raw: no output processing then. */
static const char *line_end(void)
{
    return tty_raw && isatty(2) ? "\r\n" : "\n";
}

/* A message of n bytes on stderr, after what is queued there, then exit 125. */
static _Noreturn void client_fail(struct client *c, const char *text, size_t n)
{
    buf_printf(&c->err, "toolshed-host: %.*s%s", (int)n, text, line_end());
    client_exit(c, EXIT_OWN_FAILURE);
}

static _Noreturn void client_die(struct client *c, const char *text)
{
    client_fail(c, text, strlen(text));
}

/* Writes what poll() said stdout or stderr can take without blocking: they are
 * shared with other processes, so they stay blocking and get a pipe's atomic
 * size at a time. */
static void client_output(int fd, struct buf *b)
{
    struct stat st;
    size_t max = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? buf_len(b) : PIPE_BUF;
    if (buf_write(b, fd, max) >= 0 || would_block(errno)) return;
    if (errno == EPIPE) die_of(SIGPIPE);
    buf_clear(b); /* closed or broken: nobody will see it */
}

static void client_frame(struct client *c, const struct frame *f)
{
    switch (f->type) {
    case 'O': buf_put(&c->out, f->payload, f->len); break;
    case 'E': buf_put(&c->err, f->payload, f->len); break;
    case 'M':
        buf_printf(&c->err, "toolshed-host: %.*s%s", (int)f->len, (const char *)f->payload, line_end());
        break;
    case 'X':
        if (f->len != 8) client_die(c, "the host agent sent a malformed exit frame");
        client_exit(c, get_u32(f->payload) == 1 ? 128 + (int)get_u32(f->payload + 4) : (int)(get_u32(f->payload + 4) & 0xff));
    case 'F': client_fail(c, (const char *)f->payload, f->len);
    default: break; /* unknown frames are for newer clients */
    }
}

static void client_read_agent(struct client *c)
{
    ssize_t n = buf_read(&c->from_agent, c->sock, MAX_FRAME + 5);
    if (n < 0 && would_block(errno)) return;
    struct frame f;
    int st;
    while ((st = frame_peek(&c->from_agent, MAX_FRAME, &f)) == FRAME_READY) {
        client_frame(c, &f);
        buf_consume(&c->from_agent, 5 + f.len);
    }
    if (st == FRAME_TOO_BIG) client_die(c, "the host agent broke the protocol (oversized frame)");
    if (n <= 0) client_die(c, "the connection to the host agent was lost");
}

static void client_read_stdin(struct client *c)
{
    static unsigned char chunk[MAX_FRAME];
    ssize_t n = read(0, chunk, sizeof chunk);
    if (n < 0 && would_block(errno)) return;
    if (n > 0) {
        buf_tlv(&c->to_agent, 'I', chunk, (size_t)n);
        return;
    }
    buf_tlv(&c->to_agent, 'I', "", 0); /* end of input (or a terminal gone) */
    c->reading_stdin = false;
}

static void client_signal(struct client *c, int sig)
{
    unsigned char payload[4];
    if (sig == SIGWINCH) {
        if (!c->tty) return;
        put_size(payload);
        buf_tlv(&c->to_agent, 'W', payload, 4);
        return;
    }
    for (size_t i = 0; i < sizeof FATAL / sizeof *FATAL; i++)
        if (sig == FATAL[i]) die_of(sig);
    put_u32(payload, (uint32_t)sig);
    buf_tlv(&c->to_agent, 'K', payload, 4);
}

static _Noreturn void client_relay(struct client *c)
{
    for (;;) {
        bool out_room = buf_len(&c->out) < HIGH_WATER && buf_len(&c->err) < HIGH_WATER;
        bool to_send = c->agent_reading && buf_len(&c->to_agent) > 0;
        struct pollfd p[5] = {
            {c->sock, (short)((out_room ? POLLIN : 0) | (to_send ? POLLOUT : 0)), 0},
            {c->reading_stdin && buf_len(&c->to_agent) < HIGH_WATER ? 0 : -1, POLLIN, 0},
            {buf_len(&c->out) ? 1 : -1, POLLOUT, 0},
            {buf_len(&c->err) ? 2 : -1, POLLOUT, 0},
            {sig_pipe[0], POLLIN, 0},
        };
        if (p[0].events == 0) p[0].fd = -1;
        if (poll(p, 5, -1) < 0) {
            if (errno == EINTR) continue;
            client_die(c, strerror(errno));
        }
        if (p[4].revents)
            for (int sig; (sig = next_signal()) != 0;) client_signal(c, sig);
        if (p[0].revents & POLLOUT && buf_send(&c->to_agent, c->sock) < 0 && !would_block(errno)) {
            c->agent_reading = false; /* it closed; its F or the EOF is still to be read */
            c->reading_stdin = false;
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) client_read_agent(c);
        if (p[1].revents) client_read_stdin(c);
        if (p[2].revents) client_output(1, &c->out);
        if (p[3].revents) client_output(2, &c->err);
    }
}

/* ------------------------------------------------------------------ the entry point */

int client_main(int argc, char **argv)
{
    char **envs = xmalloc((size_t)argc * sizeof *envs);
    size_t nenv = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "--help") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            puts("toolshed-host 1");
            return 0;
        }
        if (strncmp(a, "-e", 2) != 0) {
            if (a[0] == '-' && a[1]) usage_error("unknown option %s", a);
            break;
        }
        const char *entry = a[2] ? a + 2 : argv[++i];
        if (!entry) usage_error("%s needs NAME=VALUE", "-e");
        const char *eq = strchr(entry, '=');
        if (!eq || !valid_env_name(entry, (size_t)(eq - entry)))
            usage_error("-e %s: expected NAME=VALUE, NAME made of letters, digits and _ (not first), at most 128", entry);
        envs[nenv++] = (char *)entry;
    }
    if (i >= argc) usage_error("%s", "no command given");
    char **cmd = argv + i;

    if (!in_container() && !getenv("TOOLSHED_HOST_FORCE_AGENT")) run_here(cmd, envs, nenv);

    struct client c = {.sock = connect_agent(), .reading_stdin = true, .agent_reading = true};
    c.tty = isatty(0) && isatty(1);
    struct buf req = {0};
    build_request(&req, cmd, envs, nenv, c.tty);
    buf_tlv(&c.to_agent, 'R', buf_head(&req), buf_len(&req));
    free(req.data);
    set_nonblocking(c.sock);

    signal(SIGPIPE, SIG_IGN);
    int sigs[sizeof FORWARDED / sizeof *FORWARDED + sizeof FATAL / sizeof *FATAL + 1];
    size_t n = 0;
    for (size_t k = 0; k < sizeof FORWARDED / sizeof *FORWARDED; k++) sigs[n++] = FORWARDED[k];
    for (size_t k = 0; k < sizeof FATAL / sizeof *FATAL; k++) sigs[n++] = FATAL[k];
    sigs[n++] = SIGWINCH;
    catch_signals(sigs, n);
    if (c.tty) {
        atexit(restore_tty);
        make_tty_raw();
    }
    client_relay(&c);
}
