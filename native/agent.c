/*
 * agent.c: the agent, `toolshed-host --agent`, on the host: where it
 * listens (its own socket, or the one systemd passes), and a process of its
 * own for each connection (agent-session.c), until SIGTERM or its parent's
 * end (--with-parent).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "common.h"

#define EXIT_ALREADY_SERVED 3

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

int agent_main(int argc, char **argv)
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
