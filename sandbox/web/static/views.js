// Drawing the sidebar, the conversation, the thread pane and the App Home.
"use strict";

function initials(name) {
  return (name || "?").split(/\s+/).map((w) => w[0]).join("").slice(0, 2).toUpperCase();
}

// A message's time in the reader's zone, with the zone named (the clock panel shows UTC).
function timeOf(ts, tz) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: tz, month: "short", day: "numeric",
    hour: "numeric", minute: "2-digit", timeZoneName: "short" }).formatToParts(new Date(Number(ts) * 1000));
  const zone = parts.find((p) => p.type === "timeZoneName");
  const when = parts.filter((p) => p.type !== "timeZoneName").map((p) => p.value).join("").trim();
  return Blocks.el("span", { class: "time", title: tz }, when, " ",
    Blocks.el("span", { class: "zone" }, zone ? zone.value : tz));
}

function renderSidebar(app) {
  const s = app.state;
  const persona = document.getElementById("persona");
  persona.replaceChildren(...s.people.map((p) =>
    Blocks.el("option", { value: p.id, selected: p.id === s.me }, `${p.name} — ${p.label}`)));
  const item = (label, where, active, cls) => {
    const count = where.kind === "channel" && !active ? app.unread(where.id) : 0;
    return Blocks.el("li", {},
      Blocks.el("a", { href: "#", class: `${cls || ""}${active ? " active" : ""}${count ? " unread" : ""}`,
        onclick: (e) => { e.preventDefault(); app.open(where); } }, label,
        count ? Blocks.el("span", { class: "badge", "aria-label": `${count} unread` }, String(count)) : null));
  };
  const channels = s.channels.filter((c) => c.kind !== "app");
  document.getElementById("channels").replaceChildren(...channels.map((c) =>
    item(`# ${c.name}`, { kind: "channel", id: c.id },
      app.where.kind === "channel" && app.where.id === c.id)));
  const dm = `D${s.me}`;
  // Slack gives no App Home to a person of another organisation (Slack Connect)
  const partner = (s.people.find((p) => p.id === s.me) || {}).partner;
  document.getElementById("apps").replaceChildren(...[
    Blocks.el("li", { class: "app-name" }, "Assessment bot"),
    partner ? null : item("Home", { kind: "home" }, app.where.kind === "home", "tab"),
    item("Messages", { kind: "channel", id: dm }, app.where.kind === "channel" && app.where.id === dm, "tab"),
  ].filter(Boolean));
  renderInvitations(app);
}

// Slack Connect invitations by email, as the other organisation sees them in its own Slack.
function renderInvitations(app) {
  const s = app.state;
  const answer = (email, what) => async () => {
    const reply = await app.post("invitation", { email, answer: what });
    if (reply.ok && reply.id) app.become(reply.id);
  };
  const button = (label, email, what) => Blocks.el("button", { type: "button", class: "btn small",
    onclick: answer(email, what) }, label);
  document.getElementById("invitations").replaceChildren(...(s.invitations || []).map((i) =>
    Blocks.el("li", { class: "invitation", "data-email": i.email },
      Blocks.el("div", { class: "invitation-email" }, i.email),
      i.status === "pending"
        ? Blocks.el("div", { class: "quick" }, button("Accept", i.email, "accept"), button("Decline", i.email, "decline"))
        : Blocks.el("div", { class: "quick" }, button("Approve (their admin)", i.email, "approve")))));
  document.getElementById("invitations-section").hidden = !(s.invitations || []).length;
}

function messageNode(app, message, options) {
  const s = app.state;
  const names = app.names();
  const author = message.source ? s.bot : message.user; // an ephemeral's user is its reader
  const bot = author === s.bot;
  const ctx = app.blockContext(message.source
    ? { kind: "ephemeral", ts: message.ts } : { kind: "message", channel: message.channel, ts: message.ts });
  const body = message.blocks && message.blocks.length
    ? Blocks.renderBlocks(message.blocks, ctx)
    : Blocks.el("div", { class: "text", html: Mrkdwn.mrkdwnToHtml(message.text, ctx) });
  const replies = options.inChannel && message.reply_count && message.thread_ts === message.ts
    ? Blocks.el("a", { href: "#", class: "replies", onclick: (e) => {
      e.preventDefault(); app.thread = { channel: message.channel, ts: message.ts }; app.render();
    } }, `${message.reply_count} ${message.reply_count === 1 ? "reply" : "replies"}`) : null;
  return Blocks.el("div", { class: `message${message.source ? " ephemeral" : ""}`, "data-ts": message.ts },
    Blocks.el("div", { class: `avatar${bot ? " bot" : ""}` }, bot ? "AB" : initials(names[author])),
    Blocks.el("div", { class: "message-main" },
      Blocks.el("div", { class: "meta" },
        Blocks.el("span", { class: "author" }, names[author] || author),
        bot ? Blocks.el("span", { class: "app-badge" }, "APP") : null,
        timeOf(message.ts, app.person().tz),
        message.edited ? Blocks.el("span", { class: "edited" }, "(edited)") : null),
      message.source ? Blocks.el("div", { class: "only-you" }, "Only visible to you") : null,
      body,
      filesNode(message.files || []),
      reactionsNode(message.reactions || []),
      replies));
}

function filesNode(files) {
  if (!files.length) return null;
  return Blocks.el("div", { class: "files" }, files.map((f) => {
    const url = `/files/${encodeURIComponent(f.id)}/${encodeURIComponent(f.name)}`;
    const image = (f.mimetype || "").startsWith("image/");
    return Blocks.el("div", { class: "file" },
      image ? Blocks.el("img", { class: "file-image", src: url, alt: f.title || f.name,
        onclick: () => showPicture(url, f.title || f.name, f.name) }) : null,
      Blocks.el("a", { href: url, download: f.name, class: "file-link" },
        `\u{1F4CE} ${f.title || f.name}`), Blocks.el("span", { class: "file-size" }, ` ${f.size} bytes`));
  }));
}

// The picture viewer: the whole picture over the page; Esc, a click or Close ends it.
function showPicture(url, title, name) {
  const viewer = document.getElementById("viewer");
  const close = () => { viewer.hidden = true; viewer.replaceChildren(); document.removeEventListener("keydown", onKey); };
  const onKey = (e) => { if (e.key === "Escape") close(); };
  viewer.replaceChildren(
    Blocks.el("img", { src: url, alt: title, onclick: close }),
    Blocks.el("div", { class: "viewer-bar" }, Blocks.el("span", {}, title),
      Blocks.el("a", { href: url, download: name }, "Download"),
      Blocks.el("button", { type: "button", class: "btn small", onclick: close }, "Close")));
  viewer.hidden = false;
  document.addEventListener("keydown", onKey);
}

function reactionsNode(reactions) {
  if (!reactions.length) return null;
  return Blocks.el("div", { class: "reactions" }, reactions.map((r) => Blocks.el("span",
    { class: "reaction", title: `:${r.name}:` }, Blocks.el("span", { html: Mrkdwn.plainToHtml(`:${r.name}:`) }), ` ${r.count}`)));
}

function byTs(a, b) { return Number(a.ts) - Number(b.ts); }

function renderMain(app) {
  const s = app.state;
  const header = document.getElementById("conv-header");
  const list = document.getElementById("messages");
  const composer = document.getElementById("composer");
  const keepBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  if (app.where.kind === "home") {
    header.textContent = "Assessment bot · Home";
    composer.hidden = true;
    list.replaceChildren(s.home ? Blocks.el("div", { class: "home" },
      Blocks.renderBlocks(s.home.blocks, app.blockContext({ kind: "view", view_id: s.home.id })))
      : Blocks.el("p", { class: "empty" }, "Opening the App Home…"));
    return;
  }
  const channel = s.channels.find((c) => c.id === app.where.id) || s.channels[0];
  app.where = { kind: "channel", id: channel.id };
  header.textContent = channel.kind === "app" ? "Assessment bot · Messages" : `# ${channel.name}`;
  composer.hidden = false;
  app.composer.setChannel(channel);
  const top = (s.messages[channel.id] || []).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const mine = app.ephemerals().filter((e) => e.channel === channel.id && !e.thread_ts);
  const shown = [...top, ...mine].sort(byTs);
  list.replaceChildren(...(shown.length ? shown.map((m) => messageNode(app, { ...m, channel: m.channel || channel.id }, { inChannel: true }))
    : [Blocks.el("p", { class: "empty" }, "No messages yet. Type /assess to begin.")]));
  if (keepBottom) list.scrollTop = list.scrollHeight;
}

function renderThread(app) {
  const pane = document.getElementById("thread");
  const t = app.thread;
  if (!t || app.where.kind !== "channel" || app.where.id !== t.channel) {
    pane.hidden = true;
    return;
  }
  const all = app.state.messages[t.channel] || [];
  const parent = all.find((m) => m.ts === t.ts);
  const replies = all.filter((m) => m.thread_ts === t.ts && m.ts !== t.ts);
  const mine = app.ephemerals().filter((e) => e.channel === t.channel && e.thread_ts === t.ts);
  const list = document.getElementById("thread-messages");
  const keepBottom = pane.hidden || list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  pane.hidden = false;
  list.replaceChildren(
    parent ? messageNode(app, parent, {}) : null,
    Blocks.el("div", { class: "thread-count" }, `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`),
    ...[...replies, ...mine].sort(byTs).map((m) => messageNode(app, { ...m, channel: t.channel }, {})));
  app.threadComposer.setChannel({ id: t.channel });
  if (keepBottom) list.scrollTop = list.scrollHeight;
}

window.Views = { renderSidebar, renderMain, renderThread };
