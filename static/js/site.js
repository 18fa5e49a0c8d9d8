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
