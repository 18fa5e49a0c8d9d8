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

// The comment bubble (templates/comments/bubble.html). After the reader has read a while
// (half the article scrolled past, or 30 seconds), it shows the prompt; "Dismiss" keeps the
// prompt away for a week. Where the bubble sits in the page rather than floating (narrow
// screens), the prompt only appears while the bubble is below the window, so nothing the
// reader sees moves. Once a minute, while the page is visible, it asks how many approved
// comments the article has and offers the new ones.
(() => {
  const bubble = document.querySelector("[data-comment-bubble]");
  if (!bubble) return;
  const prompt = bubble.querySelector("[data-bubble-prompt]");
  const fresh = bubble.querySelector("[data-bubble-new]");
  const DISMISSED = "newsroom:comment-prompt-dismissed";
  const WEEK = 7 * 24 * 60 * 60 * 1000;
  let readEnough = false;

  const dismissedLately = () => {
    try {
      return Date.now() - Number(localStorage.getItem(DISMISSED) || 0) < WEEK;
    } catch {
      return false; // storage blocked: show the prompt, the reader can still dismiss it
    }
  };

  const maybeShowPrompt = () => {
    if (!prompt || !prompt.hidden || !readEnough || dismissedLately()) return;
    const floating = getComputedStyle(bubble).position === "fixed";
    if (!floating && bubble.getBoundingClientRect().top < window.innerHeight) return;
    prompt.hidden = false;
  };

  const body = document.querySelector(".article__body");
  const onScroll = () => {
    if (!readEnough && body) {
      const box = body.getBoundingClientRect();
      readEnough = box.top + box.height / 2 < window.innerHeight;
    }
    maybeShowPrompt();
  };
  if (prompt && !dismissedLately()) {
    window.addEventListener("scroll", onScroll, { passive: true });
    window.setTimeout(() => {
      readEnough = true;
      maybeShowPrompt();
    }, 30000);
  }

  bubble.addEventListener("click", (event) => {
    if (!event.target.closest("[data-bubble-dismiss]")) return;
    prompt.hidden = true;
    window.removeEventListener("scroll", onScroll);
    try {
      localStorage.setItem(DISMISSED, String(Date.now()));
    } catch {
      // storage blocked: the prompt stays away for this page only
    }
    bubble.querySelector(".comment-bubble__link").focus();
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
        fresh.hidden = false;
      }
    } catch {
      // offline or the server is busy: ask again in a minute
    }
  };
  window.setInterval(checkForNew, 60000);
})();
