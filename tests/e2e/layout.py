"""Geometry read in the page: elements wider than the screen, words split across lines, overlaps."""

# Elements matching a selector that reach past the screen's edges.
WIDER = """(selector) => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  // Visually hidden content (a phone table's clipped header row) is read, never seen.
  const hidden = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clip && style.clip !== "auto") return true;
      if (style.overflow === "hidden" && node.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (!box.width || hidden(el)) continue;
    if (box.left < -1 || box.right > width + 1) {
      const name = `${el.tagName.toLowerCase()}.${el.className?.baseVal ?? el.className}`;
      wide.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 20)};
}"""

# Words under the matching elements whose letters lie on more than one line.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 1).map((r) => Math.round(r.top)),
        );
        if (lines.size > 1) split.push(`${match[0]} (${el.tagName.toLowerCase()}.${el.className})`);
      }
    }
  }
  return split;
}"""

# Text of the top bar drawn over the bell (the bell's own parts left out).
OVER_BELL = """() => {
  const bell = document.querySelector("#account .bell").getBoundingClientRect();
  const over = [];
  for (const el of document.querySelectorAll(".topbar a, .topbar button")) {
    if (el.closest(".bell")) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    for (const r of [el.getBoundingClientRect(), ...range.getClientRects()]) {
      if (r.width && r.left < bell.right - 1 && r.right > bell.left + 1
          && r.top < bell.bottom - 1 && r.bottom > bell.top + 1) {
        over.push(el.textContent.trim());
        break;
      }
    }
  }
  return {bell: [bell.left, bell.right, bell.width], over};
}"""


def fits(page, selector="main *"):
    """Assert the page scrolls no sideways and no matching element passes the screen's edge."""
    found = page.evaluate(WIDER, selector)
    assert found["scroll"] <= found["width"], found
    assert found["wide"] == [], found


def words_whole(page, selector):
    """Assert no word under the matching elements is split across lines."""
    split = page.evaluate(SPLIT_WORDS, selector)
    assert split == [], split
