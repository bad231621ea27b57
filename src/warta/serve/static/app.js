// Warta reader keyboard shortcuts: j/k move, o/Enter open, v original, / search, g h home, ? help.
(function () {
  "use strict";
  var sel = -1;
  var lastG = 0;
  function items() { return Array.prototype.slice.call(document.querySelectorAll(".item")); }
  function help() { return document.getElementById("help"); }
  function select(i) {
    var list = items();
    if (!list.length) return;
    i = Math.max(0, Math.min(list.length - 1, i));
    if (sel >= 0 && list[sel]) {
      list[sel].classList.remove("selected");
      list[sel].removeAttribute("aria-current");
    }
    sel = i;
    var el = list[sel];
    el.classList.add("selected");
    el.setAttribute("aria-current", "true");
    var link = el.querySelector(".item-link");
    if (link) link.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }
  function current() { var list = items(); return sel >= 0 ? list[sel] : null; }
  function open() {
    var el = current();
    var link = el && el.querySelector(".item-link");
    if (link) window.location.assign(link.getAttribute("href"));
  }
  function original() {
    var el = current();
    var url = (el && el.getAttribute("data-original")) || "";
    if (!url) {
      var a = document.querySelector("a[data-original]");
      url = a ? a.getAttribute("data-original") : "";
    }
    if (/^https?:\/\//i.test(url)) window.open(url, "_blank", "noopener,noreferrer");
  }
  function toggleHelp(show) {
    var h = help();
    if (!h) return;
    h.hidden = show === undefined ? !h.hidden : !show;
    if (!h.hidden) document.getElementById("help-close").focus();
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (ev.key === "Escape") {
      toggleHelp(false);
      if (typing) t.blur();
      return;
    }
    if (typing) return;
    var h = help();
    if (h && !h.hidden && ev.key !== "?") return;
    var now = Date.now();
    switch (ev.key) {
      case "j": select(sel + 1); break;
      case "k": select(sel < 0 ? 0 : sel - 1); break;
      case "o": open(); break;
      case "Enter":
        if (sel >= 0 && !(t && t.tagName === "A")) open(); else return;
        break;
      case "v": original(); break;
      case "/": var q = document.getElementById("q"); if (q) { q.focus(); q.select(); } break;
      case "?": toggleHelp(); break;
      case "g": lastG = now; return;
      case "h": if (now - lastG < 1500) window.location.assign("/"); else return; break;
      default: return;
    }
    ev.preventDefault();
  });
  document.addEventListener("DOMContentLoaded", function () {
    var c = document.getElementById("help-close");
    if (c) c.addEventListener("click", function () { toggleHelp(false); });
    var h = help();
    if (h) h.addEventListener("click", function (ev) { if (ev.target === h) toggleHelp(false); });
  });
})();
