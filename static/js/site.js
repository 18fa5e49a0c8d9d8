// Progressive enhancements only: every page works without this file.
"use strict";

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
  frame.title = facade.dataset.videoTitle || "Video";
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

// Forms on pages served from the shared cache (newsroom/pagecache.py) carry a placeholder
// instead of this reader's CSRF token. Put the reader's own token in every form, from the
// CSRF cookie, fetching one from the site the first time a form is about to be used. htmx
// requests carry it as a header too. Without JavaScript the server offers the post again.
const csrf = {
  url: document.body.dataset.csrfUrl,
  cookie: document.body.dataset.csrfCookie || "csrftoken",
  pending: null,

  fromCookie() {
    const prefix = `${this.cookie}=`;
    const found = document.cookie.split("; ").find((part) => part.startsWith(prefix));
    return found ? decodeURIComponent(found.slice(prefix.length)) : "";
  },

  fill(token) {
    for (const input of document.querySelectorAll('input[name="csrfmiddlewaretoken"]')) {
      input.value = token;
    }
    return token;
  },

  // The token now if the cookie has it, else a promise of one.
  ready() {
    const token = this.fromCookie();
    if (token) return this.fill(token);
    this.pending ??= fetch(this.url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => response.json())
      .then((data) => this.fill(data.token))
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  },
};

const isPostForm = (element) => element?.closest?.('form[method="post" i]');

if (csrf.fromCookie()) csrf.fill(csrf.fromCookie());
// Fetch a token as soon as the reader starts on a form, so it is there when they send it.
for (const type of ["focusin", "pointerdown"]) {
  document.addEventListener(type, (event) => {
    if (isPostForm(event.target)) csrf.ready();
  });
}
// A plain form sent before the token arrived waits for it, then is sent again.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!isPostForm(form) || form.hasAttribute("hx-post")) return;
    const token = csrf.ready();
    if (typeof token === "string") return;
    event.preventDefault();
    token.then(() => form.requestSubmit(event.submitter));
  },
  true,
);
// htmx: hold the request until there is a token, then send it in the form and the header.
document.addEventListener("htmx:confirm", (event) => {
  if (event.detail.verb === "get") return;
  const token = csrf.ready();
  if (typeof token === "string") return;
  event.preventDefault();
  token.then(() => event.detail.issueRequest());
});
document.addEventListener("htmx:configRequest", (event) => {
  const token = csrf.fromCookie();
  if (!token) return;
  event.detail.headers["X-CSRFToken"] = token;
  if (event.detail.parameters.csrfmiddlewaretoken !== undefined) {
    event.detail.parameters.csrfmiddlewaretoken = token;
  }
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
    try {
      const response = await fetch(bubble.dataset.countUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const { count } = await response.json();
      const added = count - initial;
      if (added > 0) {
        fresh.textContent = `${added} new comment${added === 1 ? "" : "s"}`;
        if (fresh.hidden) waiting.add(fresh);
        revealWaiting();
      }
    } catch {
      // offline or the server is busy: ask again in a minute
    }
  };
  window.setInterval(checkForNew, 60000);
})();
