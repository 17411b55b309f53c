// What a window size can break, found in the page's own boxes: text cut off
// (an element narrower than its text, unless it is an ellipsis that says the
// whole text in its title), an element sticking out of the card, dialog or
// section it belongs to, a label overlapping its field, a short code word
// broken over lines, buttons touching, a dialog's button out of the window. Each problem a sentence naming the
// element, so a failure says what to look at.
import type { Locator } from '@playwright/test';

export async function layoutProblems(scope: Locator): Promise<string[]> {
  return scope.evaluate((root) => {
    const problems: string[] = [];
    const name = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 60)}"`;
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const textual = 'label, button, th, td, dt, dd, h2, h3, legend, summary, .badge, .image-name, .chip, span, p, code';
    for (const el of Array.from(root.querySelectorAll(textual))) {
      if (!visible(el) || el.closest('.xterm, [aria-hidden="true"], .visually-hidden')) continue;
      const style = getComputedStyle(el);
      // a short code word broken over lines (a squeezed flex item)
      if (
        el.tagName === 'CODE' &&
        (el.textContent ?? '').length < 30 &&
        el.getClientRects().length === 1 &&
        el.getBoundingClientRect().height > 1.8 * parseFloat(style.lineHeight || style.fontSize)
      ) {
        problems.push(`${name(el)} is broken over lines`);
      }
      // cut text: wider inside than shown, where the overflow is hidden
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible' && el.clientWidth > 0) {
        const ellipsis = style.textOverflow === 'ellipsis';
        const title = el.getAttribute('title') ?? el.closest('[title]')?.getAttribute('title') ?? '';
        if (!ellipsis || !title.includes((el.textContent ?? '').trim()))
          problems.push(`${name(el)} is cut off${ellipsis ? ' (an ellipsis with no title saying it whole)' : ''}`);
      }
    }
    // out of its container: a card, a dialog, a section
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!visible(el) || el.closest('.xterm, .visually-hidden')) continue;
      const holder = el.parentElement?.closest('.card, dialog, section, li[role="option"], li[role="radio"], label.choice, fieldset');
      if (!holder) continue;
      const box = el.getBoundingClientRect();
      const outer = holder.getBoundingClientRect();
      if (getComputedStyle(holder).overflowX !== 'visible' && holder.scrollWidth > holder.clientWidth + 1) continue; // scrolls: nothing lost
      if (box.right > outer.right + 1 || box.left < outer.left - 1) problems.push(`${name(el)} sticks out of ${name(holder).slice(0, 60)}`);
    }
    // a label over its field
    for (const label of Array.from(root.querySelectorAll('label[for]'))) {
      const field = document.getElementById(label.getAttribute('for')!);
      if (!field || !visible(label) || !visible(field)) continue;
      const a = label.getBoundingClientRect();
      const b = field.getBoundingClientRect();
      const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
      if (overlap) problems.push(`${name(label)} overlaps its field`);
      else if (Math.abs(a.top - b.top) < a.height && b.left >= a.right && b.left - a.right < 3) problems.push(`${name(label)} touches its field`);
      if (label.scrollWidth > label.clientWidth + 1) problems.push(`${name(label)} is narrower than its words`);
    }
    // buttons side by side with no room between them (they read as one)
    const buttons = Array.from(root.querySelectorAll('button')).filter(
      (b) => visible(b) && !b.classList.contains('link') && !b.closest('[role="tablist"], .xterm'),
    );
    for (const a of buttons) {
      const boxA = a.getBoundingClientRect();
      for (const b of buttons) {
        const boxB = b.getBoundingClientRect();
        const sameLine = Math.abs(boxA.top - boxB.top) < 4;
        if (a !== b && sameLine && boxB.left >= boxA.left && boxB.left - boxA.right < 2 && boxB.left - boxA.right > -boxB.width)
          problems.push(`${name(a)} and ${name(b)} touch`);
      }
    }
    // every button of a dialog in view, without scrolling the window
    for (const button of Array.from(root.querySelectorAll('dialog .dialog-buttons button'))) {
      const box = button.getBoundingClientRect();
      if (visible(button) && (box.bottom > window.innerHeight + 0.5 || box.right > window.innerWidth + 0.5))
        problems.push(`${name(button)} is out of the window`);
    }
    return [...new Set(problems)];
  });
}
