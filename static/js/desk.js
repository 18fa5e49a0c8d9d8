// The moderators' desk, enhanced. Without this file every decision is a button in a form
// that posts and comes back to the queue; with it:
//   j / k   next / previous comment (focus and scroll)
//   a s f   approve, spam, feature (the card's own buttons, sent by htmx when it is there)
//   r / b   open "Reject…" (the reason) or "Ban author…" on the card
//   x       tick the card for a decision on several
//   ?       the list of keys
// No key does anything while the moderator types in a field, or with Ctrl, Alt or Meta.
"use strict";

(() => {
  const cards = () => Array.from(document.querySelectorAll("[data-card]"));
  const current = () => document.activeElement?.closest?.("[data-card]") || null;

  function typing(target) {
    if (!(target instanceof Element)) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  function focusCard(card) {
    if (!card) return;
    card.focus({ preventScroll: true });
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    card.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }

  function move(step) {
    const all = cards();
    if (!all.length) return;
    const here = all.indexOf(current());
    const next = here === -1 ? (step > 0 ? 0 : all.length - 1) : here + step;
    focusCard(all[Math.max(0, Math.min(all.length - 1, next))]);
  }

  function press(card, key) {
    const button = card.querySelector(`button[data-key='${key}']`);
    if (button) button.click();
  }

  function open(card, key) {
    const details = card.querySelector(`details[data-key='${key}']`);
    if (!details) return;
    details.open = true;
    const field = details.querySelector("select, input:not([type=hidden])");
    if (field) field.focus();
  }

  function help() {
    const dialog = document.getElementById("desk-shortcuts");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (typing(event.target)) {
      // In a card's reject form, Enter on the reason sends it (a select alone would not).
      if (event.key === "Enter" && event.target.matches("details[data-key] select")) {
        event.preventDefault();
        event.target.form.requestSubmit();
      }
      return;
    }
    if (document.querySelector("dialog[open]")) return;
    const card = current();
    const actions = {
      j: () => move(1),
      k: () => move(-1),
      "?": help,
      a: () => card && press(card, "a"),
      s: () => card && press(card, "s"),
      f: () => card && press(card, "f"),
      r: () => card && open(card, "r"),
      b: () => card && open(card, "b"),
      x: () => {
        const box = card?.querySelector(".card__select");
        if (box) box.checked = !box.checked;
      },
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // After htmx swaps a decided card in place, the next comment takes the focus.
  document.addEventListener("htmx:afterSwap", (event) => {
    const card = event.detail.target?.closest?.("[data-card]") || event.detail.elt?.closest?.("[data-card]");
    const swapped = card && document.getElementById(card.id);
    if (!swapped) return;
    const ok = !swapped.querySelector(".card__error");
    const next = ok && swapped.dataset.next ? document.getElementById(swapped.dataset.next) : null;
    focusCard(next || swapped);
  });

  document.addEventListener("DOMContentLoaded", () => {
    // What only works with this script appears with it.
    document.querySelectorAll(".desk-bulk__all-toggle, .desk-help-hint").forEach((el) => {
      el.hidden = false;
    });
    const all = document.querySelector("[data-select-all]");
    if (all) {
      all.addEventListener("change", () => {
        document.querySelectorAll(".card__select").forEach((box) => {
          box.checked = all.checked;
        });
      });
    }
    document.querySelectorAll("[data-shortcuts-open]").forEach((button) => {
      button.addEventListener("click", help);
    });
  });
})();
