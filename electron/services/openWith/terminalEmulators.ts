// The host's terminal emulators a toolbox can be opened in, each with the
// command line its own documentation gives for "run this program, with these
// arguments, in this folder, in a new window" (argument arrays, never a shell
// string). Detected on PATH, never assumed; xdg-terminal-exec first, as it
// runs the terminal the user chose for their desktop.

/** How a terminal is started: the program on PATH, its arguments, and the folder it is started in (for those without an option for it). */
export interface TerminalLaunch {
  program: string;
  args: string[];
  cwd: string;
}

export interface TerminalEmulator {
  id: string;
  /** As the user knows it. */
  name: string;
  program: string;
  /** The command line that runs `command` (argv) in a new window in `dir`. */
  launch(dir: string, command: readonly string[]): TerminalLaunch;
}

const at = (program: string, dir: string, args: string[]): TerminalLaunch => ({ program, args, cwd: dir });

export const TERMINAL_EMULATORS: readonly TerminalEmulator[] = [
  {
    // xdg-terminal-exec(1) (github.com/Vladimir-csp/xdg-terminal-exec): options before "--", the command after it;
    // --dir= came in 0.11, so the folder is the one it is started in, which it passes on (every version does)
    id: 'xdg-terminal-exec',
    name: 'Default terminal (xdg-terminal-exec)',
    program: 'xdg-terminal-exec',
    launch: (dir, command) => at('xdg-terminal-exec', dir, ['--', ...command]),
  },
  {
    // ptyxis(1): -d/--working-directory; --new-window asks the running instance; "--" then the command and its arguments
    id: 'ptyxis',
    name: 'Ptyxis',
    program: 'ptyxis',
    launch: (dir, command) => at('ptyxis', dir, ['--new-window', '-d', dir, '--', ...command]),
  },
  {
    // GNOME Console (src/kgx-application.c): --working-directory; after "--" the command (from 47, bare arguments are folders)
    id: 'kgx',
    name: 'GNOME Console',
    program: 'kgx',
    launch: (dir, command) => at('kgx', dir, [`--working-directory=${dir}`, '--', ...command]),
  },
  {
    // gnome-terminal(1): --working-directory=DIRNAME; "--" then the command (-e and -x are deprecated)
    id: 'gnome-terminal',
    name: 'GNOME Terminal',
    program: 'gnome-terminal',
    launch: (dir, command) => at('gnome-terminal', dir, ['--window', `--working-directory=${dir}`, '--', ...command]),
  },
  {
    // konsole(1) (KDE docs, command-line options): --workdir DIR; -e takes every argument after it, so it comes last
    id: 'konsole',
    name: 'Konsole',
    program: 'konsole',
    launch: (dir, command) => at('konsole', dir, ['--separate', '--workdir', dir, '-e', ...command]),
  },
  {
    // kitty invocation docs (sw.kovidgoyal.net/kitty/invocation): --directory; the program follows the options
    id: 'kitty',
    name: 'kitty',
    program: 'kitty',
    launch: (dir, command) => at('kitty', dir, [`--directory=${dir}`, '--', ...command]),
  },
  {
    // alacritty(1): --working-directory DIR; -e/--command takes the rest and must be last
    id: 'alacritty',
    name: 'Alacritty',
    program: 'alacritty',
    launch: (dir, command) => at('alacritty', dir, ['--working-directory', dir, '-e', ...command]),
  },
  {
    // foot(1): --working-directory=DIR; the trailing arguments are the command
    id: 'foot',
    name: 'foot',
    program: 'foot',
    launch: (dir, command) => at('foot', dir, [`--working-directory=${dir}`, '--', ...command]),
  },
  {
    // wezterm start (wezterm.org/cli/start.html): --cwd DIR, then "--" and the program
    id: 'wezterm',
    name: 'WezTerm',
    program: 'wezterm',
    launch: (dir, command) => at('wezterm', dir, ['start', '--cwd', dir, '--', ...command]),
  },
  {
    // Ghostty's configuration reference: options only as --key=value; -e takes every argument after it
    id: 'ghostty',
    name: 'Ghostty',
    program: 'ghostty',
    launch: (dir, command) => at('ghostty', dir, [`--working-directory=${dir}`, '-e', ...command]),
  },
  {
    // xterm(1): no working-directory option (the folder it is started in); -e must be the last option
    id: 'xterm',
    name: 'xterm',
    program: 'xterm',
    launch: (dir, command) => at('xterm', dir, ['-e', ...command]),
  },
];

export const terminalById = (id: string): TerminalEmulator | undefined => TERMINAL_EMULATORS.find((terminal) => terminal.id === id);
