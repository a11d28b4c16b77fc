// Select menus of Block Kit: static, users and conversations, single and multi. Loaded before
// blocks.js, whose element table names them.
"use strict";

function optionsOf(e) {
  return e.option_groups ? e.option_groups.flatMap((g) => g.options) : (e.options || []);
}

function selectNode(e, ctx, fire, choices, multi, initial) {
  if (multi) return multiNode(e, ctx, fire, e.option_groups ? optionsOf(e).map((o) => [o.value, o.text.text]) : choices, initial);
  const select = el("select", { class: "select", multiple: multi, "data-action": e.action_id });
  if (!multi) select.append(el("option", { value: "" }, e.placeholder ? e.placeholder.text : "Select…"));
  const add = (parent, value, label) => parent.append(
    el("option", { value, selected: initial.includes(value) }, label));
  if (e.option_groups) {
    for (const group of e.option_groups) {
      const node = el("optgroup", { label: group.label.text });
      group.options.forEach((o) => add(node, o.value, o.text.text));
      select.append(node);
    }
  } else {
    choices.forEach(([value, label]) => add(select, value, label));
  }
  const chosen = () => [...select.selectedOptions].map((o) => o.value).filter((v) => v);
  select.readState = () => chosen();
  if (!ctx.asInput) select.addEventListener("change", () => fire({ chosen: chosen() }));
  return select;
}

// A multi-select as Slack draws it: chosen items as pills (× removes one), and a box that
// filters the choices as you type; arrows and Enter pick, Backspace on an empty box drops the last.
function multiNode(e, ctx, fire, choices, initial) {
  const chosen = initial.filter((v) => choices.some(([value]) => value === v));
  const limit = e.max_selected_items || Infinity;
  const hint = e.placeholder ? e.placeholder.text : "Type to search…";
  const box = el("div", { class: "multi", "data-action": e.action_id });
  const input = el("input", { type: "text", class: "multi-search", placeholder: hint, "aria-label": hint,
    role: "combobox", "aria-autocomplete": "list", autocomplete: "off" });
  const list = el("ul", { class: "choices", role: "listbox", hidden: true });
  let picked = 0;
  const labelOf = (v) => (choices.find(([value]) => value === v) || [v, v])[1];
  const matches = () => {
    const typed = input.value.trim().toLowerCase();
    return chosen.length >= limit ? []
      : choices.filter(([v, l]) => !chosen.includes(v) && l.toLowerCase().includes(typed));
  };
  const showList = () => {
    const found = matches();
    picked = Math.min(picked, Math.max(found.length - 1, 0));
    list.replaceChildren(...found.map(([v, l], i) => el("li", { role: "option", "data-value": v,
      class: i === picked ? "picked" : "", onmousedown: (ev) => { ev.preventDefault(); add(v); } }, l)));
    list.hidden = document.activeElement !== input || !found.length;
  };
  const draw = () => {
    box.replaceChildren(...chosen.map((v) => el("span", { class: "pill", "data-value": v }, labelOf(v),
      el("button", { type: "button", "aria-label": `Remove ${labelOf(v)}`, onclick: () => remove(v) }, "\u00D7"))),
    input, list);
    showList();
  };
  const changed = () => { draw(); if (!ctx.asInput) fire({ chosen: [...chosen] }); };
  const add = (v) => { chosen.push(v); input.value = ""; picked = 0; changed(); input.focus(); };
  const remove = (v) => { chosen.splice(chosen.indexOf(v), 1); changed(); };
  input.addEventListener("input", () => { picked = 0; showList(); });
  input.addEventListener("focus", showList);
  input.addEventListener("blur", () => { list.hidden = true; });
  input.addEventListener("keydown", (ev) => {
    const found = matches();
    if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && found.length) {
      ev.preventDefault();
      picked = (picked + (ev.key === "ArrowDown" ? 1 : found.length - 1)) % found.length;
      showList();
    } else if (ev.key === "Enter" && found.length) {
      ev.preventDefault();
      add(found[picked][0]);
    } else if (ev.key === "Backspace" && !input.value && chosen.length) {
      remove(chosen[chosen.length - 1]);
    }
  });
  box.readState = () => [...chosen];
  draw();
  return box;
}

function staticSelect(multi) {
  return (e, ctx, fire) => {
    const options = optionsOf(e);
    const initial = multi ? (e.initial_options || []).map((o) => o.value)
      : (e.initial_option ? [e.initial_option.value] : []);
    const node = selectNode(e, ctx, (x) => {
      const picked = options.filter((o) => x.chosen.includes(o.value));
      fire(multi ? { selected_options: picked } : { selected_option: picked[0] || null });
    }, options.map((o) => [o.value, o.text.text]), multi, initial);
    const read = node.readState;
    node.readState = () => {
      const picked = options.filter((o) => read().includes(o.value));
      return multi ? { type: e.type, selected_options: picked }
        : { type: e.type, selected_option: picked[0] || null };
    };
    return node;
  };
}

function userSelect(multi) {
  return (e, ctx, fire) => {
    const initial = multi ? (e.initial_users || []) : (e.initial_user ? [e.initial_user] : []);
    const choices = ctx.people.map((p) => [p.id, p.name]);
    const node = selectNode(e, ctx, (x) => fire(multi ? { selected_users: x.chosen }
      : { selected_user: x.chosen[0] || null }), choices, multi, initial);
    const read = node.readState;
    node.readState = () => multi ? { type: e.type, selected_users: read() }
      : { type: e.type, selected_user: read()[0] || null };
    return node;
  };
}

function conversationSelect(multi, key) {
  return (e, ctx, fire) => {
    const initial = [].concat(e[`initial_${key}`] || []);
    const choices = ctx.conversations.map((c) => [c.id, `#${c.name}`]);
    const field = multi ? `selected_${key}s` : `selected_${key}`;
    const node = selectNode(e, ctx, (x) => fire({ [field]: multi ? x.chosen : x.chosen[0] }),
      choices, multi, initial);
    const read = node.readState;
    node.readState = () => ({ type: e.type, [field]: multi ? read() : read()[0] || null });
    return node;
  };
}
