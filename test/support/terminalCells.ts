// What a window shows, cell by cell, for tests that compare two terminals: a
// headless xterm set up like the renderer's (Unicode 11 widths), and every
// line of both its buffers described as the user would see it.
import xtermHeadless from '@xterm/headless';
import xtermUnicode11 from '@xterm/addon-unicode11';

/** A window: an xterm like the renderer's (the given size and scrollback, the same character widths). */
export function windowTerminal(size: { cols: number; rows: number; scrollback: number }) {
  const terminal = new xtermHeadless.Terminal({ ...size, allowProposedApi: true });
  terminal.loadAddon(new xtermUnicode11.Unicode11Addon());
  terminal.unicode.activeVersion = '11';
  return terminal;
}

export type WindowTerminal = ReturnType<typeof windowTerminal>;
type Cell = NonNullable<ReturnType<NonNullable<ReturnType<WindowTerminal['buffer']['normal']['getLine']>>['getCell']>>;

/** A colour as it is drawn: palette entries 0-15 are the same whether SGR 30-37 or 38;5;N chose them. */
function colour(isDefault: boolean, isRgb: boolean, value: number): string {
  if (isDefault) return 'default';
  return isRgb ? `#${value.toString(16).padStart(6, '0')}` : `palette ${value}`;
}

function describeCell(cell: Cell): string {
  const chars = cell.getChars();
  // a blank shows only its background and the lines drawn through it; its foreground and weight show nowhere
  // (the serialize addon drops them, so the screens a skipped window gets differ there, invisibly)
  const lines = [cell.isInverse(), cell.isUnderline(), cell.isStrikethrough(), cell.isOverline()];
  const blank = (chars === '' || chars === ' ') && !lines.some(Boolean);
  const looks = blank ? [] : [cell.isBold(), cell.isDim(), cell.isItalic(), cell.isBlink(), cell.isInvisible()];
  return [
    chars || ' ',
    cell.getWidth(),
    blank ? '' : colour(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor()),
    colour(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor()),
    [...lines, ...looks].map((on) => (on ? 1 : 0)).join(''),
  ].join('|');
}

/** Every line of both buffers (scrollback included), cell by cell, as the user would see it. */
export function cells(terminal: WindowTerminal): string[] {
  const rows: string[] = [];
  for (const [name, buffer] of [
    ['normal', terminal.buffer.normal],
    ['alternate', terminal.buffer.alternate],
  ] as const) {
    for (let y = 0; y < buffer.length; y += 1) {
      const line = buffer.getLine(y)!;
      const described: string[] = [];
      for (let x = 0; x < line.length; x += 1) described.push(describeCell(line.getCell(x)!));
      // the oldest line's "wrapped" mark points at a line the scrollback already dropped: nothing shows it
      const wrapped = line.isWrapped && y > 0;
      rows.push(`${name} ${y}${wrapped ? ' (wrapped)' : ''}: ${described.join(' ')}`);
    }
  }
  return rows;
}
