// Slack's mrkdwn as HTML. Every piece of text is HTML-escaped before any markup is added, so
// what people typed shows exactly as typed: "&lt;b&gt;" from Slack appears as "<b>", never bold.
"use strict";

const EMOJI = {
  white_check_mark: "\u2705", memo: "\u{1F4DD}", warning: "\u26A0\uFE0F", wave: "\u{1F44B}",
  tada: "\u{1F389}", bell: "\u{1F514}", clipboard: "\u{1F4CB}", calendar: "\u{1F4C5}",
  hourglass: "\u231B", hourglass_flowing_sand: "\u23F3", lock: "\u{1F512}", unlock: "\u{1F513}",
  x: "\u274C", heavy_check_mark: "\u2714\uFE0F", information_source: "\u2139\uFE0F",
  point_right: "\u{1F449}", bar_chart: "\u{1F4CA}", chart_with_upwards_trend: "\u{1F4C8}",
  inbox_tray: "\u{1F4E5}", outbox_tray: "\u{1F4E4}", mailbox: "\u{1F4EB}", zzz: "\u{1F4A4}",
  rotating_light: "\u{1F6A8}", red_circle: "\u{1F534}", large_green_circle: "\u{1F7E2}",
  large_yellow_circle: "\u{1F7E1}", white_circle: "\u26AA", pencil2: "\u270F\uFE0F",
  speech_balloon: "\u{1F4AC}", busts_in_silhouette: "\u{1F465}", bust_in_silhouette: "\u{1F464}",
  house: "\u{1F3E0}", scales: "\u2696\uFE0F", books: "\u{1F4DA}", key: "\u{1F511}",
  arrow_right: "\u27A1\uFE0F", leftwards_arrow_with_hook: "\u21A9\uFE0F", repeat: "\u{1F501}",
  page_facing_up: "\u{1F4C4}", mag: "\u{1F50D}", no_entry: "\u26D4", raised_hand: "\u270B",
  new: "\u{1F195}", eyes: "\u{1F440}", arrows_counterclockwise: "\u{1F504}", star: "\u2B50",
  thumbsup: "\u{1F44D}", "+1": "\u{1F44D}", heavy_plus_sign: "\u2795", link: "\u{1F517}",
  email: "\u{1F4E7}", envelope: "\u2709\uFE0F", handshake: "\u{1F91D}", sparkles: "\u2728",
};

// An emoji as Slack shows it: the picture, with its :name: as the tooltip. The page ships a
// font holding these pictures (emoji.woff2), so they show even where the system has none.
function emojiHtml(name, fallback) {
  const picture = EMOJI[name];
  return picture ? `<span class="emoji" title=":${name}:" role="img" aria-label="${name.replace(/_/g, " ")}">${picture}</span>` : fallback;
}

function emojify(html) {
  return html.replace(/:([a-z0-9_+\-]+):/g, (all, name) => emojiHtml(name, all));
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// Slack sends &, < and > of plain text as entities; only those three are decoded.
function decodeEntities(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function formatDate(seconds, format, fallback, ctx) {
  const when = new Date(seconds * 1000);
  if (isNaN(when.getTime())) return fallback;
  const zone = { timeZone: ctx.tz || "UTC" };
  const part = (opts) => new Intl.DateTimeFormat("en-US", { ...zone, ...opts }).format(when);
  return format
    .replace("{date_short_pretty}", part({ month: "short", day: "numeric", year: "numeric" }))
    .replace("{date_short}", part({ month: "short", day: "numeric", year: "numeric" }))
    .replace("{date_long_pretty}", part({ weekday: "long", month: "long", day: "numeric", year: "numeric" }))
    .replace("{date_long}", part({ weekday: "long", month: "long", day: "numeric", year: "numeric" }))
    .replace("{date_pretty}", part({ month: "long", day: "numeric", year: "numeric" }))
    .replace("{date_num}", part({ year: "numeric", month: "2-digit", day: "2-digit" }))
    .replace("{date}", part({ month: "long", day: "numeric", year: "numeric" }))
    .replace("{time_secs}", part({ hour: "numeric", minute: "2-digit", second: "2-digit" }))
    .replace("{time}", part({ hour: "numeric", minute: "2-digit" }));
}

function renderAngle(inner, ctx) {
  const [target, label] = splitOnce(inner, "|");
  if (target.startsWith("@")) {
    const person = ctx.names[target.slice(1)] || label || target.slice(1);
    return `<span class="mention">@${escapeHtml(person)}</span>`;
  }
  if (target.startsWith("#")) {
    const name = label || ctx.channelNames[target.slice(1)] || target.slice(1);
    return `<span class="mention">#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith("!date^")) {
    const [, seconds, format] = target.split("^");
    return escapeHtml(formatDate(Number(seconds), format || "{date}", label || "", ctx));
  }
  if (target.startsWith("!subteam^")) return `<span class="mention">@${escapeHtml(label || "group")}</span>`;
  if (target.startsWith("!")) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
  return linkHtml(decodeEntities(target), escapeHtml(decodeEntities(label || target)));
}

// A Slack permalink opens its thread here in the page; other web and mail links open as links.
function linkHtml(url, text) {
  const archive = url.match(/^https:\/\/[^/]*slack\.com\/archives\/([A-Z0-9]+)\/p(\d+)(\d{6})(?:\?.*)?$/);
  if (archive) {
    const ts = `${archive[2]}.${archive[3]}`;
    const thread = (url.match(/[?&]thread_ts=([\d.]+)/) || [])[1] || ts;
    return `<a href="#" class="archive-link" data-channel="${archive[1]}" data-ts="${thread}">${text}</a>`;
  }
  if (/^(https?:|mailto:)/.test(url)) {
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
  }
  return text;
}

function splitOnce(text, sep) {
  const at = text.indexOf(sep);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

function inlineStyles(html) {
  // Markup starts after a space or an opening mark, ends before a space, punctuation or an
  // entity (a quote is escaped as &#39; by then).
  const edge = "(^|[\\s(>\\[;\u201C])";
  const end = "(?=$|[\\s).,:;!?<&\\]\u201D])";
  return html
    .replace(new RegExp(`${edge}\\*([^*\\n]+?)\\*${end}`, "g"), "$1<b>$2</b>")
    .replace(new RegExp(`${edge}_([^_\\n]+?)_${end}`, "g"), "$1<i>$2</i>")
    .replace(new RegExp(`${edge}~([^~\\n]+?)~${end}`, "g"), "$1<s>$2</s>")
    .replace(/:([a-z0-9_+\-]+):/g, (all, name) => emojiHtml(name, all));
}

// One line (or paragraph) of mrkdwn without code blocks.
function renderInline(text, ctx) {
  const pieces = [];
  let rest = text.replace(/<([^<>\n]+)>/g, (all, inner) => {
    pieces.push(renderAngle(inner, ctx));
    return `\u0000${pieces.length - 1}\u0000`;
  });
  // Slack's clients turn a bare web address into a link; so does the page.
  rest = rest.replace(/(^|[\s(])(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/g, (all, before, url) => {
    pieces.push(linkHtml(decodeEntities(url), escapeHtml(decodeEntities(url))));
    return `${before}\u0000${pieces.length - 1}\u0000`;
  });
  const codes = [];
  rest = rest.replace(/`([^`\n]+)`/g, (all, inner) => {
    codes.push(`<code>${escapeHtml(decodeEntities(inner))}</code>`);
    return `\u0001${codes.length - 1}\u0001`;
  });
  let html = inlineStyles(escapeHtml(decodeEntities(rest)));
  html = html.replace(/\u0001(\d+)\u0001/g, (all, n) => codes[Number(n)]);
  return html.replace(/\u0000(\d+)\u0000/g, (all, n) => pieces[Number(n)]);
}

function renderLines(text, ctx) {
  const out = [];
  let list = null;
  for (const line of text.split("\n")) {
    const item = line.match(/^\s*(?:[\u2022\u25E6\-]|\d+[.)])\s+(.*)$/);
    const quote = line.match(/^(?:&gt;|>)\s?(.*)$/);
    if (item) {
      const ordered = /^\s*\d/.test(line);
      if (!list || list.ordered !== ordered) {
        if (list) out.push(list.ordered ? "</ol>" : "</ul>");
        list = { ordered };
        out.push(ordered ? "<ol>" : "<ul>");
      }
      out.push(`<li>${renderInline(item[1], ctx)}</li>`);
      continue;
    }
    if (list) { out.push(list.ordered ? "</ol>" : "</ul>"); list = null; }
    if (quote) out.push(`<blockquote>${renderInline(quote[1], ctx)}</blockquote>`);
    else out.push(`<span class="line">${renderInline(line, ctx)}</span><br>`);
  }
  if (list) out.push(list.ordered ? "</ol>" : "</ul>");
  return out.join("").replace(/<br>$/, "");
}

// mrkdwn -> HTML; ctx: {names: {U…: name}, channelNames: {C…: name}, tz}.
function mrkdwnToHtml(text, ctx) {
  const parts = String(text || "").split("```");
  return parts.map((part, i) => i % 2
    ? `<pre>${escapeHtml(decodeEntities(part.replace(/^\n/, "")))}</pre>`
    : renderLines(part, ctx)).join("");
}

// plain_text: no markup at all; emoji only when asked.
function plainToHtml(text, emoji) {
  const html = escapeHtml(text || "");
  return emoji === false ? html : emojify(html);
}

window.Mrkdwn = { mrkdwnToHtml, plainToHtml, escapeHtml, decodeEntities, EMOJI };
