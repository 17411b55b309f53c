/*
 * toolshed-host: runs a command on the host from inside a toolbox.
 *
 *   toolshed-host [-e NAME=VALUE]... [--] CMD [ARG...]        the client
 *   toolshed-host --agent [--socket PATH] [--log FILE]        the agent, on the host
 *
 * The client sends a request over a unix socket; the agent checks it, runs
 * the command and relays its input, output, window size and signals until it
 * ends. The protocol and every rule are in docs/HOST-COMMANDS.md.
 *
 * Static (no NSS: no getpwuid, no getgrnam) so that it runs in any toolbox.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUEST (1u << 20)      /* an R frame's payload */
#define MAX_FRAME (64u << 10)       /* any other frame's payload */
#define MAX_ARGS 4096
#define MAX_ARG_LEN 131072
#define MAX_ENV 1024
#define MAX_ENV_NAME 128
#define MAX_CWD 4096
#define MAX_COLS 1000
#define MAX_ROWS 500
#define HIGH_WATER (256u << 10)     /* stop reading a source while its sink's buffer holds this much */
#define LOG_ROTATE_SIZE (256 << 10)
#define LOG_MAX_ARGS 16
#define LOG_MAX_ARG_LEN 200
#define REQUEST_TIMEOUT_MS 10000
#define LINGER_MS 1000              /* after the last frame: how long to drop what the client still sends */
#define LINGER_MAX (4u << 20)
#define EXIT_OWN_FAILURE 125        /* the client's own failures: no agent, refused, connection lost */
#define EXIT_ALREADY_SERVED 3

extern char **environ;

/* ------------------------------------------------------------------ helpers */

static _Noreturn void out_of_memory(void)
{
    static const char text[] = "toolshed-host: out of memory\n";
    if (write(2, text, sizeof text - 1) < 0) {}
    _exit(EXIT_OWN_FAILURE);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

static char *xstrndup(const void *p, size_t n)
{
    char *s = xmalloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) out_of_memory();
    return s;
}

/* A failure text; one at a time is ever pending, so one static buffer does. */
static const char *reason(const char *fmt, ...)
{
    static char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return text;
}

/* A tag or frame type, for a message: 'A', or 0x00 when it is not printable. */
static const char *tag_name(unsigned char tag)
{
    static char text[8];
    if (tag > 0x20 && tag < 0x7f) snprintf(text, sizeof text, "'%c'", tag);
    else snprintf(text, sizeof text, "0x%02x", tag);
    return text;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = v >> 8, p[1] = v;
}

static void set_nonblocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static bool would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR;
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool valid_env_name(const char *s, size_t n)
{
    if (n == 0 || n > MAX_ENV_NAME) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        if (!letter && (i == 0 || c < '0' || c > '9')) return false;
    }
    return true;
}

/* The host's view of a path a toolbox sees: /run/host/P is P. */
static const char *host_path(const char *path)
{
    if (strcmp(path, "/run/host") == 0) return "/";
    if (strncmp(path, "/run/host/", 10) == 0) return path + 9;
    return path;
}

/* mkdir -p, creating missing folders private to the user. */
static int make_dirs(const char *dir)
{
    char *p = xstrndup(dir, strlen(dir));
    for (char *slash = p + 1;; slash++) {
        bool end = *slash == '\0';
        if (*slash == '/' || end) {
            *slash = '\0';
            if (mkdir(p, 0700) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            if (end) break;
            *slash = '/';
        }
    }
    free(p);
    return 0;
}

static char *parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrndup(".", 1);
    return xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* ------------------------------------------------------------------ the byte queue */

/* Every buffer: bytes appended at the end, consumed from the front. */
struct buf {
    unsigned char *data;
    size_t start, end, cap;
};

static size_t buf_len(const struct buf *b) { return b->end - b->start; }
static unsigned char *buf_head(const struct buf *b) { return b->data + b->start; }

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

static void buf_put(struct buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->end, p, n);
    b->end += n;
}

static void buf_printf(struct buf *b, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n > 0) buf_put(b, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

static void buf_consume(struct buf *b, size_t n)
{
    b->start += n;
    if (b->start == b->end) b->start = b->end = 0;
}

static void buf_clear(struct buf *b)
{
    b->start = b->end = 0;
}

/* Frames and request fields share one layout: [type][length, 4 bytes BE][payload]. */
static void buf_tlv(struct buf *b, unsigned char type, const void *payload, size_t n)
{
    unsigned char head[5] = {type};
    put_u32(head + 1, (uint32_t)n);
    buf_put(b, head, 5);
    buf_put(b, payload, n);
}

/* One read() of at most max bytes appended to b; its result as read() gives it. */
static ssize_t buf_read(struct buf *b, int fd, size_t max)
{
    buf_reserve(b, max);
    ssize_t n = read(fd, b->data + b->end, max);
    if (n > 0) b->end += (size_t)n;
    return n;
}

/* One write() of at most max bytes from the front of b. */
static ssize_t buf_write(struct buf *b, int fd, size_t max)
{
    size_t n = buf_len(b) < max ? buf_len(b) : max;
    ssize_t w = write(fd, buf_head(b), n);
    if (w > 0) buf_consume(b, (size_t)w);
    return w;
}

static ssize_t buf_send(struct buf *b, int sock)
{
    ssize_t w = send(sock, buf_head(b), buf_len(b), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) buf_consume(b, (size_t)w);
    return w;
}

struct frame {
    unsigned char type;
    uint32_t len;
    const unsigned char *payload;
};

enum { FRAME_PARTIAL, FRAME_READY, FRAME_TOO_BIG };

/* Looks at the frame at the front of b; its length is judged as soon as the header is in. */
static int frame_peek(const struct buf *b, uint32_t max, struct frame *f)
{
    if (buf_len(b) < 5) return FRAME_PARTIAL;
    const unsigned char *p = buf_head(b);
    f->type = p[0];
    f->len = get_u32(p + 1);
    f->payload = p + 5;
    if (f->len > max) return FRAME_TOO_BIG;
    return buf_len(b) - 5 >= f->len ? FRAME_READY : FRAME_PARTIAL;
}

/* 0, 1 and 2 open, so that no socket or pipe of ours lands there: the agent's
 * commands get theirs from dup2, and the client reads and writes them. */
static void keep_std_fds_open(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0) exit(1);
}

/* ------------------------------------------------------------------ signals */

/* Handlers only note the signal in a pipe; the poll loops act on it. */
static int sig_pipe[2] = {-1, -1};

static void note_signal(int sig)
{
    int saved = errno;
    unsigned char c = (unsigned char)sig;
    if (write(sig_pipe[1], &c, 1) < 0) {}
    errno = saved;
}

static void catch_signals(const int *sigs, size_t n)
{
    if (sig_pipe[0] >= 0) { /* a forked handler gets its own pipe */
        close(sig_pipe[0]);
        close(sig_pipe[1]);
    }
    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0) out_of_memory();
    struct sigaction sa = {.sa_handler = note_signal, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < n; i++) sigaction(sigs[i], &sa, NULL);
}

/* The next noted signal, or 0. */
static int next_signal(void)
{
    unsigned char c;
    return read(sig_pipe[0], &c, 1) == 1 ? c : 0;
}

/* ------------------------------------------------------------------ the client */

static const char USAGE[] =
    "usage: toolshed-host [-e NAME=VALUE]... [--] CMD [ARG...]\n"
    "       toolshed-host --agent [--socket PATH] [--log FILE] [--with-parent]\n"
    "\n"
    "Runs CMD on the host, from inside a toolbox, through Toolshed's host agent:\n"
    "in the same folder, with the desktop session's environment, its input and\n"
    "output streamed, and its exit status returned. On the host it just runs CMD.\n"
    "\n"
    "  -e NAME=VALUE  also set NAME for CMD (repeatable)\n"
    "  --agent        serve requests on the host (Toolshed or systemd starts it)\n"
    "  --with-parent  (agent) stop when the process that started it ends\n"
    "  --help         show this help\n"
    "  --version      show the protocol version\n";

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

static int connect_to(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) return -1;
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) return fd;
    close(fd);
    return -1;
}

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

static int client_main(int argc, char **argv)
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

/* ------------------------------------------------------------------ the agent: requests */

static const char *log_path; /* NULL: no log */

/* What was asked: the strings are copies, NUL-terminated, checked free of NUL bytes. */
struct request {
    char **argv;
    size_t argc;
    char **env;
    size_t envc;
    char *cwd;
    bool pty;
    uint16_t cols, rows;
};

/* One connection, in its own process. */
struct session {
    int conn;
    pid_t peer_pid;
    time_t when;
    char **argv;       /* for the log, once known */
    size_t argc;
    const char *cwd;   /* where it ran, for the log */
    struct buf from_client, to_client;
};

static const char *check_version(const unsigned char *v, uint32_t len)
{
    if (len == 1 && v[0] == '1') return NULL;
    char shown[33];
    size_t n = len < 32 ? len : 32;
    for (size_t i = 0; i < n; i++) shown[i] = v[i] >= 0x20 && v[i] < 0x7f ? (char)v[i] : '?';
    shown[n] = '\0';
    return reason("refused: unsupported protocol version \"%s\" (this agent speaks 1)", shown);
}

static const char *add_arg(struct request *r, const unsigned char *v, uint32_t len)
{
    size_t nth = r->argc + 1;
    if (r->argc == MAX_ARGS) return "refused: more than 4096 arguments";
    if (len == 0 && r->argc == 0) return "refused: the command (argument 1) is empty";
    if (len > MAX_ARG_LEN) return reason("refused: argument %zu is %u bytes; the limit is %u", nth, len, MAX_ARG_LEN);
    if (memchr(v, 0, len)) return reason("refused: argument %zu contains a NUL byte", nth);
    r->argv[r->argc++] = xstrndup(v, len);
    return NULL;
}

static const char *add_env(struct request *r, const unsigned char *v, uint32_t len)
{
    size_t nth = r->envc + 1;
    if (r->envc == MAX_ENV) return "refused: more than 1024 environment entries";
    if (memchr(v, 0, len)) return reason("refused: environment entry %zu contains a NUL byte", nth);
    const unsigned char *eq = memchr(v, '=', len);
    if (!eq) return reason("refused: environment entry %zu has no '=' (expected NAME=VALUE)", nth);
    size_t name_len = (size_t)(eq - v);
    if (name_len > MAX_ENV_NAME) return reason("refused: environment entry %zu has a name over %u bytes", nth, MAX_ENV_NAME);
    if (!valid_env_name((const char *)v, name_len))
        return reason("refused: environment entry %zu has an invalid name (expected [A-Za-z_][A-Za-z0-9_]*)", nth);
    r->env[r->envc++] = xstrndup(v, len);
    return NULL;
}

static const char *set_cwd(struct request *r, const unsigned char *v, uint32_t len)
{
    if (r->cwd) return "refused: duplicate C field (working directory)";
    if (memchr(v, 0, len)) return "refused: the working directory contains a NUL byte";
    if (len > MAX_CWD) return reason("refused: the working directory is %u bytes; the limit is %u", len, MAX_CWD);
    if (len == 0 || v[0] != '/') return "refused: the working directory is not an absolute path";
    r->cwd = xstrndup(v, len);
    return NULL;
}

static const char *set_terminal(struct request *r, const unsigned char *v, uint32_t len)
{
    if (r->pty) return "refused: duplicate T field (terminal)";
    if (len != 4) return reason("refused: the T field (terminal size) is %u bytes; it must be 4", len);
    r->cols = get_u16(v);
    r->rows = get_u16(v + 2);
    if (r->cols < 1 || r->cols > MAX_COLS || r->rows < 1 || r->rows > MAX_ROWS)
        return reason("refused: terminal size %u cols x %u rows is out of range (1 to %u cols, 1 to %u rows)", r->cols, r->rows, MAX_COLS, MAX_ROWS);
    r->pty = true;
    return NULL;
}

/* Checks every field of an R payload; NULL when it may run, else why not. */
static const char *parse_request(const unsigned char *p, size_t n, struct request *r)
{
    bool seen_version = false;
    r->argv = xmalloc((MAX_ARGS + 1) * sizeof *r->argv);
    r->env = xmalloc((MAX_ENV + 1) * sizeof *r->env);
    for (size_t at = 0; at < n;) {
        if (n - at < 5 || get_u32(p + at + 1) > n - at - 5)
            return reason("refused: the field at byte %zu runs past the end of the request", at);
        unsigned char tag = p[at];
        uint32_t len = get_u32(p + at + 1);
        const unsigned char *v = p + at + 5;
        at += 5 + (size_t)len;
        if (!seen_version && tag != 'V') return "refused: the request must start with the protocol version (V field)";
        const char *why;
        switch (tag) {
        case 'V': why = seen_version ? "refused: duplicate V field (protocol version)" : check_version(v, len); seen_version = true; break;
        case 'A': why = add_arg(r, v, len); break;
        case 'E': why = add_env(r, v, len); break;
        case 'C': why = set_cwd(r, v, len); break;
        case 'T': why = set_terminal(r, v, len); break;
        default: why = reason("refused: unknown field tag %s", tag_name(tag));
        }
        if (why) return why;
    }
    if (!seen_version) return "refused: the request must start with the protocol version (V field)";
    if (r->argc == 0) return "refused: no command (the request has no A field)";
    if (!r->cwd) return "refused: no working directory (the request has no C field)";
    r->argv[r->argc] = NULL;
    r->env[r->envc] = NULL;
    return NULL;
}

/* ------------------------------------------------------------------ the agent: log */

static void json_string(struct buf *b, const char *s, size_t n)
{
    buf_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') buf_put(b, (char[]){'\\', (char)c}, 2);
        else if (c < 0x20) buf_printf(b, "\\u%04x", c);
        else buf_put(b, &c, 1);
    }
    buf_put(b, "\"", 1);
}

/* An argument for the log: at most LOG_MAX_ARG_LEN bytes, not cut inside a UTF-8 character. */
static size_t log_arg_len(const char *s)
{
    size_t n = strlen(s);
    if (n <= LOG_MAX_ARG_LEN) return n;
    n = LOG_MAX_ARG_LEN;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) n--;
    return n;
}

/* The log, locked, rotated to FILE.old first when past its size; -1 when it cannot be opened. */
static int open_log(void)
{
    char *dir = parent_dir(log_path);
    make_dirs(dir);
    free(dir);
    for (int attempt = 0; attempt < 4; attempt++) {
        int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return -1;
        flock(fd, LOCK_EX);
        struct stat open_st, path_st;
        bool current = fstat(fd, &open_st) == 0 && stat(log_path, &path_st) == 0 && open_st.st_ino == path_st.st_ino;
        if (current && open_st.st_size <= LOG_ROTATE_SIZE) return fd;
        if (current) { /* another handler may have rotated it while this one waited for the lock */
            char *old = xasprintf("%s.old", log_path);
            rename(log_path, old);
            free(old);
        }
        close(fd);
    }
    return -1;
}

/* One JSON line for a command or a refusal: key is "status", "signal" or "refused" (then text). */
static void log_entry(const struct session *s, const char *key, int value, const char *text)
{
    if (!log_path) return;
    struct buf b = {0};
    char when[32];
    struct tm tm;
    gmtime_r(&s->when, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    buf_printf(&b, "{\"time\":\"%s\",\"peerPid\":%d,\"argv\":[", when, (int)s->peer_pid);
    for (size_t i = 0; i < s->argc && i < LOG_MAX_ARGS; i++) {
        if (i) buf_put(&b, ",", 1);
        json_string(&b, s->argv[i], log_arg_len(s->argv[i]));
    }
    buf_printf(&b, "],\"cwd\":");
    json_string(&b, s->cwd, strlen(s->cwd));
    buf_printf(&b, ",\"%s\":", key);
    if (text) {
        if (strncmp(text, "refused: ", 9) == 0) text += 9;
        json_string(&b, text, strlen(text));
    } else {
        buf_printf(&b, "%d", value);
    }
    buf_put(&b, "}\n", 2);
    int fd = open_log();
    if (fd >= 0) {
        if (write(fd, buf_head(&b), buf_len(&b)) < 0) {}
        close(fd);
    }
    free(b.data);
}

static void log_wait_status(const struct session *s, int status)
{
    if (WIFSIGNALED(status)) log_entry(s, "signal", WTERMSIG(status), NULL);
    else log_entry(s, "status", WEXITSTATUS(status), NULL);
}

/* ------------------------------------------------------------------ the agent: a connection */

static void send_frame(struct session *s, unsigned char type, const void *p, size_t n)
{
    buf_tlv(&s->to_client, type, p, n);
}

static void send_text(struct session *s, unsigned char type, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    send_frame(s, type, text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

static void send_exit(struct session *s, uint32_t how, uint32_t value)
{
    unsigned char x[8];
    put_u32(x, how);
    put_u32(x + 4, value);
    send_frame(s, 'X', x, 8);
}

/* Sends what is queued for the client; false when it went away or timeout_ms (-1: none) passed. */
static bool flush_client(struct session *s, int timeout_ms)
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
static void close_client(struct session *s)
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

/* Finds cmd as execvp would on the PATH of env. NULL when it cannot run: *status is 127 (missing) or 126. */
static char *find_command(const char *cmd, char **env, int *status)
{
    struct stat st;
    if (strchr(cmd, '/')) {
        const char *path = host_path(cmd);
        if (stat(path, &st) != 0) {
            *status = errno == EACCES ? 126 : 127;
            return NULL;
        }
        if (S_ISREG(st.st_mode) && access(path, X_OK) == 0) return xstrndup(path, strlen(path));
        *status = 126;
        return NULL;
    }
    const char *search = "/usr/local/bin:/usr/bin:/bin";
    for (char **e = env; *e; e++)
        if (strncmp(*e, "PATH=", 5) == 0) search = *e + 5;
    bool denied = false;
    for (const char *dir = search;; dir++) {
        const char *end = strchrnul(dir, ':');
        char *path = end == dir ? xasprintf("%s", cmd) : xasprintf("%.*s/%s", (int)(end - dir), dir, cmd);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (access(path, X_OK) == 0) return path;
            denied = true;
        }
        free(path);
        if (*end == '\0') break;
        dir = end;
    }
    *status = denied ? 126 : 127;
    return NULL;
}

/* The agent's environment with the request's entries on top, and PWD where it runs. */
static char **merge_env(char **extra, size_t n, const char *cwd)
{
    size_t base = 0;
    while (environ[base]) base++;
    char **env = xmalloc((base + n + 2) * sizeof *env);
    memcpy(env, environ, base * sizeof *env);
    size_t count = base;
    char *pwd = xasprintf("PWD=%s", cwd);
    for (size_t i = 0; i <= n; i++) {
        char *entry = i < n ? extra[i] : pwd;
        size_t name_len = (size_t)(strchr(entry, '=') - entry) + 1;
        size_t j = 0;
        while (j < count && strncmp(env[j], entry, name_len) != 0) j++;
        env[j] = entry;
        if (j == count) count++;
    }
    env[count] = NULL;
    return env;
}

/* Where it runs: the request's folder as the host sees it, else the home. */
static void enter_cwd(struct session *s, const char *requested)
{
    const char *dir = host_path(requested);
    if (chdir(dir) == 0) {
        s->cwd = dir;
        return;
    }
    const char *home = getenv("HOME");
    if (!home || chdir(home) != 0) {
        home = "/";
        if (chdir(home) != 0) {}
    }
    send_text(s, 'M', "working directory %s does not exist on the host; running in %s instead", dir, home);
    s->cwd = home;
}

/* The command's end of the connection. */
struct child {
    pid_t pid;
    int master;  /* the pty's master, or -1 */
    int in;      /* its stdin: a pipe, or the master; -1 once closed */
    int out;     /* its stdout (and stderr under a pty); -1 at EOF */
    int err;     /* its stderr pipe; -1 at EOF or under a pty */
};

static _Noreturn void exec_command(const struct request *r, const char *file, char **env, int report)
{
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL); /* SIG_IGN would survive exec */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(file, r->argv, env);
    int err = errno;
    if (err == ENOEXEC) { /* a script without #!: what execvp and shells do */
        char **argv = xmalloc((r->argc + 2) * sizeof *argv);
        argv[0] = "sh";
        argv[1] = (char *)file;
        memcpy(argv + 2, r->argv + 1, r->argc * sizeof *argv);
        execve("/bin/sh", argv, env);
    }
    if (write(report, &err, sizeof err) < 0) {}
    _exit(127);
}

/* The command's stdin, stdout and stderr: its ends, and ours. Under a pty all
 * three of its ends are the slave, all three of ours the master. */
struct std_ends {
    int theirs[3], ours[3];
};

static bool open_std(const struct request *r, struct std_ends *e, int *master)
{
    if (r->pty) {
        struct winsize ws = {.ws_row = r->rows, .ws_col = r->cols};
        int slave;
        if (openpty(master, &slave, NULL, NULL, &ws) != 0) return false;
        fcntl(*master, F_SETFD, FD_CLOEXEC);
        fcntl(slave, F_SETFD, FD_CLOEXEC);
        for (int i = 0; i < 3; i++) e->theirs[i] = slave, e->ours[i] = *master;
        return true;
    }
    for (int i = 0; i < 3; i++) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) return false;
        e->theirs[i] = i == 0 ? p[0] : p[1];
        e->ours[i] = i == 0 ? p[1] : p[0];
    }
    return true;
}

static void close_std(const int ends[3])
{
    for (int i = 0; i < 3; i++)
        if (i == 0 || ends[i] != ends[0]) close(ends[i]);
}

/* Starts the command in its own session, under a new pty or with three pipes.
 * False (with *err the errno) when it could not be started. */
static bool spawn(const struct request *r, const char *file, char **env, struct child *c, int *err)
{
    struct std_ends e;
    int report[2]; /* exec's errno, from the child; EOF when exec succeeded */
    c->master = -1;
    if (pipe2(report, O_CLOEXEC) != 0 || !open_std(r, &e, &c->master)) return *err = errno, false;
    c->pid = fork();
    if (c->pid == 0) {
        setsid();
        if (r->pty) ioctl(e.theirs[0], TIOCSCTTY, 0); /* the new session's controlling terminal */
        for (int fd = 0; fd < 3; fd++) dup2(e.theirs[fd], fd);
        exec_command(r, file, env, report[1]);
    }
    int exec_err = errno; /* fork's, when it failed */
    close(report[1]);
    close_std(e.theirs);
    if (c->pid > 0 && read(report[0], &exec_err, sizeof exec_err) != (ssize_t)sizeof exec_err) exec_err = 0;
    close(report[0]);
    if (c->pid < 0 || exec_err != 0) {
        if (c->pid > 0) waitpid(c->pid, NULL, 0);
        close_std(e.ours);
        *err = exec_err;
        return false;
    }
    for (int i = 0; i < 3; i++) set_nonblocking(e.ours[i]);
    c->in = e.ours[0];
    c->out = e.ours[1];
    c->err = r->pty ? -1 : e.ours[2];
    return true;
}

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

/* ------------------------------------------------------------------ the agent: relaying */

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

static _Noreturn void relay(struct session *s, struct child c)
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
static _Noreturn void serve(int conn)
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

/* ------------------------------------------------------------------ the agent: listening */

static const char *bound_path; /* the socket this agent created, to remove on exit */

/* systemd's socket activation: one socket, passed as fd 3, for this very process. */
static bool socket_activated(void)
{
    const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
    bool ours = pid && fds && strtol(pid, NULL, 10) == (long)getpid() && strcmp(fds, "1") == 0;
    unsetenv("LISTEN_PID"); /* not for the commands */
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    return ours;
}

static int bind_socket(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "toolshed-host: socket path too long: %s\n", path);
        exit(1);
    }
    strcpy(addr.sun_path, path);
    char *dir = parent_dir(path);
    if (make_dirs(dir) != 0) {
        fprintf(stderr, "toolshed-host: cannot create %s: %s\n", dir, strerror(errno));
        exit(1);
    }
    free(dir);
    struct stat st;
    if (lstat(path, &st) == 0) {
        int probe = connect_to(path);
        if (probe >= 0) {
            close(probe);
            fprintf(stderr, "toolshed-host: already served at %s\n", path);
            exit(EXIT_ALREADY_SERVED);
        }
        if (!S_ISSOCK(st.st_mode)) {
            fprintf(stderr, "toolshed-host: %s exists and is not a socket\n", path);
            exit(1);
        }
        unlink(path); /* stale: its agent is gone */
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    mode_t mask = umask(0177); /* no moment where others could connect */
    int bound = fd < 0 ? -1 : bind(fd, (struct sockaddr *)&addr, sizeof addr);
    umask(mask);
    if (bound != 0 || chmod(path, 0600) != 0 || listen(fd, SOMAXCONN) != 0) {
        fprintf(stderr, "toolshed-host: cannot listen on %s: %s\n", path, strerror(errno));
        exit(1);
    }
    bound_path = path;
    return fd;
}

static void accept_one(int listener)
{
    int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (conn < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) poll(NULL, 0, 100); /* let it ease */
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(listener);
        serve(conn);
    }
    if (pid < 0) fprintf(stderr, "toolshed-host: fork: %s\n", strerror(errno));
    close(conn);
}

static _Noreturn void serve_forever(int listener)
{
    for (;;) {
        struct pollfd p[2] = {{listener, POLLIN, 0}, {sig_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR) {
            fprintf(stderr, "toolshed-host: poll: %s\n", strerror(errno));
            exit(1);
        }
        for (int sig; (sig = next_signal()) != 0;) {
            if (sig == SIGCHLD) {
                while (waitpid(-1, NULL, WNOHANG) > 0) {}
                continue;
            }
            if (bound_path) unlink(bound_path);
            exit(0);
        }
        if (p[0].revents & (POLLERR | POLLNVAL)) {
            fputs("toolshed-host: the listening socket failed\n", stderr);
            exit(1);
        }
        if (p[0].revents & POLLIN) accept_one(listener);
    }
}

/* An agent the engine started must not outlive it (a killed engine would leave it serving):
   the kernel sends SIGTERM when the parent ends, which stops it as usual. */
static void stop_with_parent(void)
{
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) exit(1);
}

static int agent_main(int argc, char **argv)
{
    const char *socket_path = NULL, *log = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) socket_path = argv[++i];
        else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc) log = argv[++i];
        else if (strcmp(argv[i], "--with-parent") == 0) stop_with_parent();
        else {
            fprintf(stderr, "toolshed-host: unknown agent option %s\n%s", argv[i], USAGE);
            return 2;
        }
    }
    const char *runtime = getenv("XDG_RUNTIME_DIR"), *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    if (!socket_path)
        socket_path = runtime && *runtime ? xasprintf("%s/toolshed/host.sock", runtime)
                                          : xasprintf("/run/user/%u/toolshed/host.sock", (unsigned)getuid());
    if (log) log_path = log;
    else if (state && *state) log_path = xasprintf("%s/toolshed/host-commands.log", state);
    else if (home && *home) log_path = xasprintf("%s/.local/state/toolshed/host-commands.log", home);

    signal(SIGPIPE, SIG_IGN);
    int listener;
    if (socket_activated()) {
        struct stat st;
        listener = 3;
        if (fstat(listener, &st) != 0 || !S_ISSOCK(st.st_mode)) {
            fputs("toolshed-host: socket activation without a socket as fd 3\n", stderr);
            return 1;
        }
        fcntl(listener, F_SETFD, FD_CLOEXEC);
        set_nonblocking(listener);
    } else {
        listener = bind_socket(socket_path);
    }
    int sigs[] = {SIGTERM, SIGINT, SIGCHLD};
    catch_signals(sigs, 3);
    printf("listening %s\n", socket_path);
    fflush(stdout);
    serve_forever(listener);
}

int main(int argc, char **argv)
{
    keep_std_fds_open();
    if (argc > 1 && strcmp(argv[1], "--agent") == 0) return agent_main(argc, argv);
    return client_main(argc, argv);
}
