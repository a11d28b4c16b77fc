// Block Kit as DOM: every block and element the bot sends, interactive the way Slack is.
// ctx: {names, channelNames, tz, people, conversations, inView, onAction(action, confirm),
//       inputs: [] (filled with state getters of input elements), errors: {block_id: text}}
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "html") node.innerHTML = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function textHtml(obj, ctx) {
  if (!obj) return "";
  return obj.type === "mrkdwn"
    ? Mrkdwn.mrkdwnToHtml(obj.text, ctx)
    : Mrkdwn.plainToHtml(obj.text, obj.emoji);
}

function textNode(obj, ctx, cls) {
  return el("div", { class: `text ${cls || ""}`, html: textHtml(obj, ctx) });
}

function localImage(url) {
  try { return new URL(url, location.href).origin === location.origin; } catch { return false; }
}

function imageNode(url, alt, cls) {
  if (localImage(url)) return el("img", { class: cls, src: url, alt: alt || "" });
  // The sandbox loads nothing from outside this machine; Slack would show the picture here.
  return el("span", { class: `${cls} image-placeholder`, title: url }, `[image: ${alt || url}]`);
}

const BLOCKS = {
  header: (b, ctx) => el("h3", { class: "block-header", html: textHtml(b.text, ctx) }),
  divider: () => el("hr", { class: "block-divider" }),
  image: (b, ctx) => el("figure", { class: "block-image" },
    b.title ? el("figcaption", { html: textHtml(b.title, ctx) }) : null,
    imageNode(b.image_url, b.alt_text, "image")),
  context: (b, ctx) => el("div", { class: "block-context" }, (b.elements || []).map((e) =>
    e.type === "image" ? imageNode(e.image_url, e.alt_text, "context-image")
      : el("span", { class: "context-text", html: textHtml(e, ctx) }))),
  section: (b, ctx) => el("div", { class: "block-section" },
    el("div", { class: "section-body" },
      b.text ? textNode(b.text, ctx) : null,
      b.fields ? el("div", { class: "fields" }, b.fields.map((f) => textNode(f, ctx, "field"))) : null),
    b.accessory ? el("div", { class: "accessory" }, element(b.accessory, b, ctx)) : null),
  actions: (b, ctx) => el("div", { class: "block-actions" },
    (b.elements || []).map((e) => element(e, b, ctx))),
  input: (b, ctx) => {
    const error = (ctx.errors || {})[b.block_id];
    return el("div", { class: `block-input${error ? " has-error" : ""}`, "data-block": b.block_id },
      el("label", { class: "input-label" }, b.label ? b.label.text : "",
        b.optional ? el("span", { class: "optional" }, " (optional)") : null),
      element(b.element, b, { ...ctx, asInput: true }),
      error ? el("div", { class: "input-error", role: "alert" }, error) : null,
      b.hint ? el("div", { class: "hint", html: textHtml(b.hint, ctx) }) : null);
  },
  rich_text: (b) => el("div", { class: "block-rich" }, richText(b.elements || [])),
};

function richText(elements) {
  return elements.map((e) => e.elements ? richText(e.elements).join("") : (e.text || "")).join("\n");
}

function renderBlocks(blocks, ctx) {
  return el("div", { class: "blocks" }, (blocks || []).map((b) => {
    const draw = BLOCKS[b.type];
    return draw ? draw(b, ctx) : el("div", { class: "unsupported" }, `[${b.type} block]`);
  }));
}

// An interactive element. Inside an input block it only registers how to read its state;
// anywhere else a change is a block_actions request right away.
function element(e, block, ctx) {
  const draw = ELEMENTS[e.type];
  if (!draw) return el("span", { class: "unsupported" }, `[${e.type}]`);
  const base = { action_id: e.action_id, block_id: block.block_id, type: e.type };
  const fire = (extra, confirm) => ctx.onAction({ ...base, ...extra }, confirm || e.confirm);
  const node = draw(e, ctx, fire);
  if (ctx.asInput && node.readState) {
    ctx.inputs.push({ block_id: block.block_id, action_id: e.action_id, read: node.readState });
  }
  return node;
}

function button(e, ctx, fire) {
  const node = el("button", {
    type: "button", class: `btn${e.style ? ` btn-${e.style}` : ""}`, "data-action": e.action_id,
    onclick: () => {
      if (e.url) window.open(e.url, "_blank", "noopener");
      fire({ value: e.value || "", text: e.text });
    },
  }, e.text.text);
  return node;
}

function overflow(e, ctx, fire) {
  const menu = el("div", { class: "overflow-menu", hidden: true }, e.options.map((o) =>
    el("button", { type: "button", class: "overflow-item", onclick: () => {
      menu.hidden = true;
      fire({ selected_option: o });
    } }, o.text.text)));
  return el("span", { class: "overflow" },
    el("button", { type: "button", class: "btn overflow-toggle", "aria-label": "More actions",
      "data-action": e.action_id, onclick: () => { menu.hidden = !menu.hidden; } }, "\u22EF"),
    menu);
}

function datepicker(e, ctx, fire) {
  const input = el("input", { type: "date", class: "date", value: e.initial_date || "",
    "data-action": e.action_id });
  input.readState = () => ({ type: "datepicker", selected_date: input.value || null });
  if (!ctx.asInput) input.addEventListener("change", () => fire({ selected_date: input.value }));
  return input;
}

function timepicker(e, ctx, fire) {
  const input = el("input", { type: "time", value: e.initial_time || "", "data-action": e.action_id });
  input.readState = () => ({ type: "timepicker", selected_time: input.value || null });
  if (!ctx.asInput) input.addEventListener("change", () => fire({ selected_time: input.value }));
  return input;
}

function textInput(e) {
  // No maxlength attribute: a browser cuts pasted text to it without a word. Slack refuses
  // the submission instead, and so does the bot (an error under the field, the text kept).
  const attrs = { class: "text-input", "data-action": e.action_id,
    placeholder: e.placeholder ? e.placeholder.text : undefined };
  const input = e.multiline ? el("textarea", { ...attrs, rows: 4 }) : el("input", { ...attrs, type: "text" });
  input.value = e.initial_value || "";
  input.readState = () => ({ type: "plain_text_input", value: input.value === "" ? null : input.value });
  return input;
}

function emailInput(e) {
  const input = el("input", { type: "email", class: "text-input", "data-action": e.action_id,
    placeholder: e.placeholder ? e.placeholder.text : undefined });
  input.value = e.initial_value || "";
  input.readState = () => ({ type: "email_text_input", value: input.value === "" ? null : input.value });
  return input;
}

function choices(kind) {
  return (e, ctx, fire) => {
    const multi = kind === "checkbox";
    const initial = multi ? (e.initial_options || []).map((o) => o.value)
      : (e.initial_option ? [e.initial_option.value] : []);
    const name = `${e.action_id}-${Math.random().toString(36).slice(2)}`;
    const boxes = e.options.map((o) => el("input", { type: kind, name, value: o.value,
      checked: initial.includes(o.value) }));
    const picked = () => e.options.filter((o, i) => boxes[i].checked);
    const node = el("div", { class: "choices" }, e.options.map((o, i) =>
      el("label", { class: "choice" }, boxes[i], el("span", { html: textHtml(o.text, ctx) }))));
    node.readState = () => multi ? { type: e.type, selected_options: picked() }
      : { type: e.type, selected_option: picked()[0] || null };
    if (!ctx.asInput) node.addEventListener("change", () => fire(node.readState()));
    return node;
  };
}

const ELEMENTS = {
  button,
  overflow,
  datepicker,
  timepicker,
  plain_text_input: textInput,
  email_text_input: emailInput,
  static_select: staticSelect(false),
  multi_static_select: staticSelect(true),
  users_select: userSelect(false),
  multi_users_select: userSelect(true),
  conversations_select: conversationSelect(false, "conversation"),
  multi_conversations_select: conversationSelect(true, "conversation"),
  channels_select: conversationSelect(false, "channel"),
  multi_channels_select: conversationSelect(true, "channel"),
  checkboxes: choices("checkbox"),
  radio_buttons: choices("radio"),
  image: (e) => imageNode(e.image_url, e.alt_text, "accessory-image"),
};

// The values of a view's input elements, as view.state.values.
function readState(inputs) {
  const values = {};
  for (const input of inputs) {
    values[input.block_id] = values[input.block_id] || {};
    values[input.block_id][input.action_id] = input.read();
  }
  return values;
}

window.Blocks = { el, renderBlocks, readState, textHtml };
