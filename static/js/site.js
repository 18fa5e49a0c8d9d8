// Progressive enhancements only: every page works without this file.
"use strict";

// The page's language: Django's JavaScript catalogue (/jsi18n/, loaded before this file)
// gives gettext, ngettext and interpolate; without it, the English words.
const { gettext, ngettext, interpolate } = {
  gettext: (text) => text,
  ngettext: (one, many, n) => (n === 1 ? one : many),
  interpolate: (text, values) => text.replace(/%s/g, () => values.shift()),
  ...Object.fromEntries(
    ["gettext", "ngettext", "interpolate"]
      .filter((name) => typeof window[name] === "function")
      .map((name) => [name, window[name]]),
  ),
};
const commentsLabel = (kind, n) =>
  kind === "new"
    ? interpolate(ngettext("%s new comment", "%s new comments", n), [n])
    : interpolate(ngettext("%s updated comment", "%s updated comments", n), [n]);

// Click-to-play video: the page shows a poster and a link to the video's own page. Only when
// the reader presses play do we load the provider's player, so no request reaches YouTube or
// Vimeo before the reader asks for it.
document.addEventListener("click", (event) => {
  const play = event.target.closest("[data-video-play]");
  if (!play) return;
  const facade = play.closest("[data-video-embed]");
  if (!facade) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = facade.dataset.videoEmbed;
  frame.title = facade.dataset.videoTitle || gettext("Video");
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.className = "video__frame";
  facade.replaceChildren(frame);
  frame.focus();
});

// Controls that only make sense with JavaScript (htmx) stay hidden without it.
for (const element of document.querySelectorAll("[data-js-only]")) element.hidden = false;
document.addEventListener("htmx:afterSwap", () => {
  for (const element of document.querySelectorAll("[data-js-only][hidden]")) element.hidden = false;
});

// The comment forms' check against bots that post at once: how long this page had been open
// when the reader sent the form, measured here, in the reader's own browser. (The page may
// come from the shared cache, the same for everyone, so the server cannot stamp it.) Set as
// the form is sent, before htmx reads it; without JavaScript the field stays empty and the
// moderation rules give no timing verdict.
document.addEventListener(
  "submit",
  (event) => {
    const field = event.target.querySelector?.('input[name="seconds_on_page"]');
    if (field) field.value = (performance.now() / 1000).toFixed(1);
  },
  true,
);

// The reply form's place under a comment (its <article>), made when first asked for: a page
// of threads need not carry an empty one for each comment.
const replySlot = (article) => {
  let slot = article.querySelector(":scope > .comment__reply-slot");
  if (!slot) {
    slot = document.createElement("div");
    slot.id = `reply-slot-${article.closest("li.comment-item").id.replace("comment-", "")}`;
    slot.className = "comment__reply-slot";
    article.append(slot);
  }
  return slot;
};

// The discussion's actions with htmx, declared once on the comment section rather than on
// each comment: htmx processed every vote form and link of a long discussion at load (1,625
// attributes, 1.2 s of a phone's time). A vote is sent in place, a Reply link fetches its
// form under the comment, "Show more replies" puts the whole thread in place of the one cut
// short. Without JavaScript (or htmx) the forms post and the links lead to their pages.
(() => {
  const section = document.getElementById("comments");
  if (!section) return;
  const plainClick = (event) =>
    event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

  // A vote button belongs to the page's one vote form and names its comment's address. The
  // request is the comment's own (source: its buttons' box), so that votes on several
  // comments in quick succession are all sent, not queued behind one another.
  section.addEventListener("submit", (event) => {
    const form = event.target;
    const button = event.submitter;
    const votes = button?.closest(".vote");
    if (form.id !== "comment-votes" || !votes || !window.htmx || event.defaultPrevented) return;
    event.preventDefault();
    const values = { ...Object.fromEntries(new FormData(form)), [button.name]: button.value };
    window.htmx.ajax("POST", button.formAction, { source: votes, target: votes, swap: "outerHTML", values });
  });

  section.addEventListener("click", (event) => {
    if (!window.htmx || event.defaultPrevented || !plainClick(event)) return;
    const link = event.target.closest("a.comment__reply, a[data-thread]");
    if (!link) return;
    const item = link.closest("li.comment-item");
    event.preventDefault();
    if (link.dataset.thread) {
      const thread = link.closest(".comment-list > li");
      window.htmx.ajax("GET", link.dataset.thread, {
        source: link, target: thread, swap: "outerHTML", select: ".comment-list > li",
      });
    } else {
      const slot = replySlot(item.querySelector(":scope > article"));
      window.htmx.ajax("GET", link.href, { source: link, target: slot, swap: "innerHTML" });
    }
  });
})();

// Quote a passage of a comment in a reply: select words of a comment and a "Quote in a reply"
// button appears right after its text (next in the keyboard's order too); it opens that
// comment's reply form with the passage as a Markdown quote ("> "). Without JavaScript or
// htmx there is no button, and replying works as before.
(() => {
  const section = document.getElementById("comments");
  if (!section || !window.htmx) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--small button--secondary comment__quote";
  button.textContent = section.dataset.quoteLabel || "Quote";
  let chosen = null; // { text, reply } of the last selection inside one comment's text

  const bodyOf = (node) => (node?.nodeType === 1 ? node : node?.parentElement)?.closest(".comment__body");
  const quoted = (text) =>
    text.trim().slice(0, 1000).split("\n").map((line) => `> ${line}`.trimEnd()).join("\n") + "\n\n";

  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed) return; // keep the button while it is used
    const body = bodyOf(selection.anchorNode);
    const reply = body?.closest("article")?.querySelector(":scope > .comment__actions a.comment__reply");
    if (!body || body !== bodyOf(selection.focusNode) || !reply || !section.contains(body)) {
      chosen = null;
      button.remove();
      return;
    }
    chosen = { text: selection.toString(), reply };
    if (body.nextElementSibling !== button) body.after(button);
  });

  button.addEventListener("click", async () => {
    if (!chosen || !chosen.text.trim()) return;
    const { text, reply } = chosen;
    const slot = replySlot(reply.closest("article"));
    if (!slot.querySelector("textarea")) {
      await window.htmx.ajax("GET", reply.href, { source: reply, target: slot, swap: "innerHTML" });
    }
    const box = slot.querySelector("textarea");
    if (!box) return;
    box.value = (box.value.trim() ? `${box.value.trimEnd()}\n\n` : "") + quoted(text);
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    button.remove();
  });
})();

// A comment form sent back with its preview (htmx, in place): move the focus to the preview,
// so that the reader (and a screen reader) meets it; Tab goes on into the form.
document.addEventListener("htmx:afterSwap", (event) => {
  const preview = event.detail.elt?.querySelector?.(".comment-preview");
  if (preview) preview.focus();
});

// The comment bubble (templates/comments/bubble.html). After the reader has read a while
// (half the article scrolled past, or 30 seconds), it shows the prompt; "Dismiss" keeps the
// prompt away for a week. Once a minute, while the page is visible, it asks how many approved
// comments the article has and offers the new ones. Where the bubble sits in the page rather
// than floating (narrow screens), what it reveals appears only while it is below the window,
// so nothing the reader is looking at moves.
(() => {
  const bubble = document.querySelector("[data-comment-bubble]");
  if (!bubble) return;
  const prompt = bubble.querySelector("[data-bubble-prompt]");
  const fresh = bubble.querySelector("[data-bubble-new]");
  const DISMISSED = "newsroom:comment-prompt-dismissed";
  const WEEK = 7 * 24 * 60 * 60 * 1000;
  const waiting = new Set(); // elements to reveal as soon as nothing visible would move
  let readEnough = false;

  const dismissedLately = () => {
    try {
      return Date.now() - Number(localStorage.getItem(DISMISSED) || 0) < WEEK;
    } catch {
      return false; // storage blocked: show the prompt, the reader can still dismiss it
    }
  };

  const revealWaiting = () => {
    const floating = getComputedStyle(bubble).position === "fixed";
    if (!floating && bubble.getBoundingClientRect().top < window.innerHeight) return;
    for (const element of waiting) element.hidden = false;
    waiting.clear();
  };

  const body = document.querySelector(".article__body");
  const offerPrompt = () => {
    if (!prompt || readEnough || dismissedLately()) return;
    readEnough = true;
    waiting.add(prompt);
    revealWaiting();
  };
  window.addEventListener(
    "scroll",
    () => {
      if (!readEnough && body) {
        const box = body.getBoundingClientRect();
        if (box.top + box.height / 2 < window.innerHeight) offerPrompt();
      }
      if (waiting.size) revealWaiting();
    },
    { passive: true },
  );
  window.setTimeout(offerPrompt, 30000);

  bubble.addEventListener("click", (event) => {
    if (!event.target.closest("[data-bubble-dismiss]")) return;
    prompt.hidden = true;
    waiting.delete(prompt);
    try {
      localStorage.setItem(DISMISSED, String(Date.now()));
    } catch {
      // storage blocked: the prompt stays away for this page only
    }
    const link = bubble.querySelector(".comment-bubble__link");
    if (link.offsetParent) link.focus(); // keep the keyboard where it was, if the link shows
  });

  const initial = Number(bubble.dataset.count);
  const checkForNew = async () => {
    if (document.visibilityState !== "visible") return;
    if (document.documentElement.dataset.liveStream === "open") return; // the stream tells

    try {
      const response = await fetch(bubble.dataset.countUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const { count } = await response.json();
      const added = count - initial;
      if (added > 0) {
        fresh.textContent = commentsLabel("new", added);
        if (fresh.hidden) waiting.add(fresh);
        revealWaiting();
      }
    } catch {
      // offline or the server is busy: ask again in a minute
    }
  };
  window.setInterval(checkForNew, 60000);
})();

// Live updates (comments/live.py): while the article is open and visible, a stream of Server-Sent
// Events says which comments were published, edited, deleted or withdrawn. Nothing on the page
// moves: a button says "3 new comments", and pressing it fetches those comments, drawn by the
// server for this reader, and puts them in place (replies under their parent), highlighted.
// The stream is closed while the tab is hidden and reopened, from the last event seen, when it
// shows again. If it cannot be opened, the comment bubble's once-a-minute check carries on;
// without JavaScript nothing of this happens.
(() => {
  const section = document.getElementById("comments");
  const streamUrl = section?.dataset.liveUrl;
  if (!streamUrl || !window.EventSource || new URLSearchParams(location.search).has("comments")) return;
  const root = document.documentElement;
  const pending = new Map(); // comment id -> {kind, parent}
  let lastId = "";
  let source = null;
  let failures = 0;

  const button = document.createElement("button");
  button.type = "button";
  button.className = "live-news";
  button.hidden = true;
  button.setAttribute("aria-live", "polite");
  section.append(button);

  const label = () => {
    const added = [...pending.entries()].filter(
      ([id, change]) => change.kind === "new" && !document.getElementById(`comment-${id}`),
    ).length;
    const updated = pending.size - added;
    if (added) button.textContent = commentsLabel("new", added);
    else if (updated) button.textContent = commentsLabel("updated", updated);
    button.hidden = pending.size === 0 || (!added && !updated);
  };

  const onComment = (event) => {
    lastId = event.lastEventId || lastId;
    let change;
    try {
      change = JSON.parse(event.data);
    } catch {
      return;
    }
    const id = String(change.comment);
    if (change.kind === "new" && document.getElementById(`comment-${id}`)) return; // shown already
    const earlier = pending.get(id);
    pending.set(id, earlier?.kind === "new" && change.kind !== "remove" ? earlier : change);
    label();
  };

  const open = () => {
    if (source || document.visibilityState !== "visible") return;
    const url = new URL(streamUrl, location.href);
    if (lastId) url.searchParams.set("last", lastId);
    source = new EventSource(url);
    source.addEventListener("open", () => {
      failures = 0;
      root.dataset.liveStream = "open";
    });
    source.addEventListener("comment", onComment);
    source.addEventListener("error", () => {
      // EventSource retries by itself; after a few failures in a row (or a 204, 429), the
      // stream is given up and the bubble's once-a-minute check takes over.
      if (source.readyState === EventSource.CLOSED || ++failures >= 3) close();
    });
  };
  const close = () => {
    source?.close();
    source = null;
    delete root.dataset.liveStream;
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      if (failures < 3) open();
    } else {
      close();
    }
  });

  const place = (item, parentId) => {
    if (parentId) {
      const parent = document.getElementById(`comment-${parentId}`);
      if (!parent || !section.contains(parent)) return false; // its thread is on another page
      // A thread's replies are in a <details> (folded or not), deeper ones are not.
      let replies = parent.querySelector(":scope > details > ol.comment-replies, :scope > ol.comment-replies");
      replies?.parentElement.closest("details")?.setAttribute("open", "");
      if (!replies) {
        replies = document.createElement("ol");
        replies.className = "comment-replies";
        parent.append(replies);
      }
      replies.append(item);
      return true;
    }
    const threads = section.querySelector("#comment-threads");
    let list = threads?.querySelector("ol.comment-list");
    if (!threads) return false;
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-list";
      threads.querySelector(".comments__empty")?.remove();
      threads.prepend(list);
    }
    list.prepend(item);
    return true;
  };

  button.addEventListener("click", async () => {
    const changes = new Map(pending);
    pending.clear();
    button.hidden = true;
    const url = new URL(section.dataset.liveCommentsUrl, location.href);
    url.searchParams.set("ids", [...changes.keys()].slice(0, 50).join(","));
    let html;
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(String(response.status));
      html = await response.text();
    } catch {
      for (const [id, change] of changes) pending.set(id, change);
      label();
      return;
    }
    const drawn = new DOMParser().parseFromString(html, "text/html");
    let first = null;
    for (const [id, change] of changes) {
      const wrapper = drawn.querySelector(`[data-live-comment="${id}"]`);
      const item = wrapper?.querySelector("li.comment-item");
      const shown = document.getElementById(`comment-${id}`);
      if (!item) {
        shown?.remove(); // withdrawn from the page (held again, rejected)
        continue;
      }
      const fresh = document.importNode(item, true);
      if (shown) {
        shown.querySelector(":scope > article").replaceWith(fresh.querySelector(":scope > article"));
        shown.classList.add("comment-item--live");
        first ??= shown;
      } else if (place(fresh, wrapper.dataset.parent || change.parent)) {
        fresh.classList.add("comment-item--live");
        first ??= fresh;
      }
    }
    document.dispatchEvent(new Event("newsroom:comments-shown"));
    const article = first?.querySelector(":scope > article");
    if (article) {
      article.tabIndex = -1;
      article.focus({ preventScroll: true });
      first.scrollIntoView({ block: "nearest" });
    }
  });

  open();
})();

// Relative times in the threads ("3 hours ago", in the page's language): the server writes
// the full date and time, which is what a reader without JavaScript reads, and a page from
// the shared cache may be minutes old, so the words are made here, from the <time>'s
// datetime, and made again every half a minute. The full time stays in the title.
// A time is put into words as it comes near the window, not all at load: a page's first
// Intl formatter loads the language's data (46 to 265 ms of the main thread on our shared
// 2-core machine, four times that on Lighthouse's phone; bench/README.md, lighthouse.sh),
// which a page that opens on the article, its comments below, need not pay before the
// reader scrolls there. Without IntersectionObserver, every time at once.
(() => {
  if (!window.Intl?.RelativeTimeFormat) return;
  const language = document.documentElement.lang || undefined;
  let relative = null;
  let exact = null;
  const UNITS = [
    ["year", 365 * 86400],
    ["month", 30 * 86400],
    ["week", 7 * 86400],
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  const words = (when) => {
    // A reader's clock a little behind ours must not say "in 2 minutes".
    const seconds = Math.min(0, (when - Date.now()) / 1000);
    for (const [unit, size] of UNITS) {
      if (-seconds >= size) return relative.format(Math.trunc(seconds / size), unit);
    }
    return relative.format(0, "second");
  };
  const drawn = new Set(); // the times put into words: made again every half a minute
  const draw = (time) => {
    const when = new Date(time.dateTime);
    if (Number.isNaN(when.getTime())) return;
    relative ??= new Intl.RelativeTimeFormat(language, { numeric: "auto" });
    exact ??= new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short" });
    if (!time.title) time.title = exact.format(when);
    time.textContent = words(when);
    drawn.add(time);
  };
  const near = window.IntersectionObserver
    ? new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            near.unobserve(entry.target);
            draw(entry.target);
          }
        },
        { rootMargin: "50% 0px" },
      )
    : null;
  const watch = () => {
    for (const time of document.querySelectorAll(".comment__meta time[datetime]")) {
      if (drawn.has(time)) continue;
      if (near) near.observe(time);
      else draw(time);
    }
  };
  watch();
  document.addEventListener("htmx:afterSwap", watch);
  document.addEventListener("newsroom:comments-shown", watch);
  window.setInterval(() => {
    if (document.visibilityState !== "visible") return;
    for (const time of drawn) {
      if (time.isConnected) draw(time);
      else drawn.delete(time);
    }
  }, 30000);
})();

// The donate button names the amount as well as the frequency ("Give 15 $ monthly") once the
// donor has chosen one; without JavaScript it names the frequency ("Give monthly").
document.addEventListener("input", (event) => {
  const form = event.target.closest?.(".donate-form");
  const button = form?.querySelector("[data-donate-button]");
  if (!button) return;
  button.dataset.plainLabel ??= button.textContent;
  const custom = form.querySelector('input[name="custom_amount"]');
  const preset = form.querySelector('input[name="preset"]:checked');
  let amount = "";
  if (custom && /^[0-9][0-9,]*(\.[0-9]{1,2})?$/.test(custom.value.trim())) {
    amount = `${custom.value.trim()}\u00a0${button.dataset.currencySign}`;
  } else if (preset) {
    amount = form.querySelector(`label[for="${preset.id}"]`)?.textContent.trim() ?? "";
  }
  button.textContent = amount
    ? button.dataset.labelTemplate.replace("{amount}", amount)
    : button.dataset.plainLabel;
});

// The report form's notice of illegal content: its fields are in the form for everyone
// (without JavaScript they are simply there), and shown only once "Illegal content" is chosen.
for (const fieldset of document.querySelectorAll("[data-notice-fields]")) {
  const form = fieldset.closest("form");
  if (!form) continue;
  const sync = () => {
    const chosen = form.querySelector('input[name="reason"]:checked');
    fieldset.hidden = chosen?.value !== fieldset.dataset.noticeFields;
  };
  form.addEventListener("change", sync);
  sync();
}
