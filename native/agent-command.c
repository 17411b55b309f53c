/*
 * agent-command.c: the command of a request, made ready and started on the
 * host: its folder (/run/host/P is P), its environment (the agent's, with the
 * request's entries on top), its program (looked up as execvp would), and its
 * process, in a new session under a new pty or with three pipes.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent.h"
#include "common.h"

extern char **environ;

/* The host's view of a path a toolbox sees: /run/host/P is P. */
static const char *host_path(const char *path)
{
    if (strcmp(path, "/run/host") == 0) return "/";
    if (strncmp(path, "/run/host/", 10) == 0) return path + 9;
    return path;
}

/* Where it runs: the request's folder as the host sees it, else the home. */
void enter_cwd(struct session *s, const char *requested)
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

/* The agent's environment with the request's entries on top, and PWD where it runs. */
char **merge_env(char **extra, size_t n, const char *cwd)
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

/* Finds cmd as execvp would on the PATH of env. NULL when it cannot run: *status is 127 (missing) or 126. */
char *find_command(const char *cmd, char **env, int *status)
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
bool spawn(const struct request *r, const char *file, char **env, struct child *c, int *err)
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
