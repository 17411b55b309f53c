/*
 * The bench's eyes and hands on an X server that shows one terminal window
 * (Xvfb): keys go in through XTEST, as from a keyboard, and the clock stops
 * on the X server's own report that something was drawn (DAMAGE on the root
 * window: a drawing anywhere on the screen). Driven line by line on stdin;
 * each command answers one line on stdout ("ok …" or "error …").
 *
 *   focus                      give the terminal's window the keyboard
 *   type TEXT                  type TEXT (ASCII; "\n" in it is Return)
 *   echo CHAR TIMEOUT_MS       once the screen is still, type CHAR: ms to the first drawing
 *   press KEYSYM[+KEYSYM…] QUIET_MS TIMEOUT_MS [FILE]
 *                              press the chord (e.g. Control_L+c, or Return), then wait
 *                              until FILE exists (when given) and nothing was drawn for
 *                              QUIET_MS: ms from the press to the last drawing
 *
 * Build: cc -O2 screenProbe.c -o screenProbe -lX11 -lXtst -lXdamage
 */
#include <X11/Xlib.h>
#include <X11/XKBlib.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static Display *display;
static int damageEvent;

static double nowMs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* Waits up to `ms` for a drawing; returns the time it was seen, or 0. */
static double nextDrawing(double ms) {
  double deadline = nowMs() + ms;
  for (;;) {
    while (XPending(display)) {
      XEvent event;
      XNextEvent(display, &event);
      if (event.type == damageEvent + XDamageNotify) return nowMs();
    }
    double left = deadline - nowMs();
    if (left <= 0) return 0;
    struct pollfd fd = {ConnectionNumber(display), POLLIN, 0};
    poll(&fd, 1, (int)(left + 1));
  }
}

/* Returns once nothing has been drawn for `quietMs`, or 0 after `timeoutMs`; else the last drawing's time. */
static double stillAfter(double quietMs, double timeoutMs, double since) {
  double deadline = nowMs() + timeoutMs, last = since;
  for (;;) {
    double seen = nextDrawing(quietMs);
    if (!seen) return last;
    last = seen;
    if (seen > deadline) return 0;
  }
}

static Window terminalWindow(void) {
  Window root = DefaultRootWindow(display), parent, *children = NULL, found = None;
  unsigned int count = 0, largest = 0;
  XQueryTree(display, root, &root, &parent, &children, &count);
  for (unsigned int i = 0; i < count; i++) {
    XWindowAttributes attributes;
    if (!XGetWindowAttributes(display, children[i], &attributes) || attributes.map_state != IsViewable) continue;
    unsigned int area = (unsigned int)(attributes.width * attributes.height);
    if (area > largest) largest = area, found = children[i];
  }
  if (children) XFree(children);
  return found;
}

/* Presses and releases a key for `symbol`, with Shift when the key needs it. */
static int tapKeysym(KeySym symbol) {
  KeyCode code = XKeysymToKeycode(display, symbol);
  if (!code) return 0;
  int shifted = XkbKeycodeToKeysym(display, code, 0, 0) != symbol;
  KeyCode shift = XKeysymToKeycode(display, XK_Shift_L);
  if (shifted) XTestFakeKeyEvent(display, shift, True, CurrentTime);
  XTestFakeKeyEvent(display, code, True, CurrentTime);
  XTestFakeKeyEvent(display, code, False, CurrentTime);
  if (shifted) XTestFakeKeyEvent(display, shift, False, CurrentTime);
  return 1;
}

static KeySym charKeysym(char c) {
  return c == '\n' ? XK_Return : (KeySym)(unsigned char)c; /* Latin-1 keysyms are their codes */
}

/* Holds every key of "A+B+C" down in order, then lets them go in reverse. */
static int pressChord(char *chord) {
  KeyCode codes[8];
  int count = 0;
  for (char *name = strtok(chord, "+"); name && count < 8; name = strtok(NULL, "+")) {
    KeySym symbol = XStringToKeysym(name);
    if (symbol == NoSymbol || !(codes[count] = XKeysymToKeycode(display, symbol))) return 0;
    count++;
  }
  for (int i = 0; i < count; i++) XTestFakeKeyEvent(display, codes[i], True, CurrentTime);
  for (int i = count - 1; i >= 0; i--) XTestFakeKeyEvent(display, codes[i], False, CurrentTime);
  XFlush(display);
  return count > 0;
}

int main(void) {
  display = XOpenDisplay(NULL);
  int errorBase, major, minor;
  if (!display) return fputs("error cannot open the display\n", stdout), 1;
  if (!XDamageQueryExtension(display, &damageEvent, &errorBase) || !XTestQueryExtension(display, &errorBase, &errorBase, &major, &minor))
    return fputs("error the X server lacks DAMAGE or XTEST\n", stdout), 1;
  XDamageCreate(display, DefaultRootWindow(display), XDamageReportRawRectangles);
  setvbuf(stdout, NULL, _IOLBF, 0);

  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    char *command = strtok(line, " ");
    if (!command) continue;
    if (!strcmp(command, "focus")) {
      Window window = terminalWindow();
      if (!window) { puts("error no window is shown"); continue; }
      XSetInputFocus(display, window, RevertToPointerRoot, CurrentTime);
      XSync(display, False);
      printf("ok %lu\n", window);
    } else if (!strcmp(command, "type")) {
      char *text = strtok(NULL, "");
      int typed = 1;
      for (char *c = text ? text : ""; *c && typed; c++) {
        if (c[0] == '\\' && c[1] == 'n') c++, typed = tapKeysym(XK_Return);
        else typed = tapKeysym(charKeysym(*c));
      }
      XFlush(display);
      puts(typed ? "ok" : "error a character has no key");
    } else if (!strcmp(command, "echo")) {
      char *key = strtok(NULL, " "), *timeout = strtok(NULL, " ");
      if (!key || !timeout) { puts("error echo CHAR TIMEOUT_MS"); continue; }
      stillAfter(50, 5000, nowMs());
      double started = nowMs();
      tapKeysym(charKeysym(key[0]));
      XFlush(display);
      double seen = nextDrawing(atof(timeout));
      if (seen) printf("ok %.3f\n", seen - started);
      else puts("error nothing was drawn");
    } else if (!strcmp(command, "press")) {
      char *chord = strtok(NULL, " "), *quiet = strtok(NULL, " "), *timeout = strtok(NULL, " "), *file = strtok(NULL, " ");
      if (!chord || !quiet || !timeout) { puts("error press CHORD QUIET_MS TIMEOUT_MS [FILE]"); continue; }
      double started = nowMs(), deadline = started + atof(timeout), last = started;
      if (!pressChord(chord)) { puts("error unknown key"); continue; }
      while (file && access(file, F_OK) && nowMs() < deadline) {
        double seen = nextDrawing(50);
        if (seen) last = seen;
      }
      double still = stillAfter(atof(quiet), deadline - nowMs(), last);
      if (still && !(file && access(file, F_OK))) printf("ok %.3f\n", still - started);
      else puts("error the screen did not settle in time");
    } else {
      puts("error unknown command");
    }
  }
  return 0;
}
