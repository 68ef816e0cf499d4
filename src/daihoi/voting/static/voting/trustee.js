/**
 * A key holder's device (docs/verifiable-voting.md §2, §2.1, §4.5): the page /k/ after the one-time link.
 *
 * Polls GET {api}/state every 2 s and takes the current stage's step here, with protocol.js: the
 * communication secret and the polynomial's coefficients are drawn in this browser and kept in its
 * localStorage (keyed by the ceremony's uuid) until the share is confirmed; then only the key file is
 * kept. Nothing secret is ever sent. Once the ceremony is complete, it lists the closed polls awaiting
 * this key holder's decryption share and computes the share here from the key file.
 * Every text shown comes from the page (json_script "trustee-texts"), in the page's language.
 */
import * as P from './verifiable/protocol.js';

const app = document.getElementById('trustee-app');
const T = JSON.parse(document.getElementById('trustee-texts').textContent);
const API = app.dataset.api;
const CSRF = app.dataset.csrf;
const $ = (id) => document.getElementById(id);
const fmt = (text, params = {}) => text.replace(/%\((\w+)\)s/g, (_, key) => String(params[key] ?? ''));

let busy = false;
let stopped = false;
let pollsShown = '';

async function api(path, body) {
  const init = { credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-CSRFToken'] = CSRF;
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = new Error((data && data.message) || String(response.status));
    error.status = response.status;
    throw error;
  }
  return data;
}

// ------------------------------------------------------------------ what this browser keeps

const secretsKey = (s) => `daihoi-trustee:${s.ceremony}:${s.index}`;
const keyFileKey = (s) => `daihoi-key:${s.ceremony}:${s.index}`;
const load = (key) => {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    return null;
  }
};
const save = (key, value) => localStorage.setItem(key, JSON.stringify(value));

function fingerprint(publicKeyHex) {
  const text = P.sha256Hex(P.pointFromHex(publicKeyHex, 'public_key').toBytes()).slice(0, 20).toUpperCase();
  return text.match(/.{4}/g).join(' ');
}

// ------------------------------------------------------------------ the ceremony's steps

function lost() {
  stopped = true;
  showError(T.lost);
}

/** The current stage's step, if this device has not taken it yet. */
async function step(s) {
  const store = load(secretsKey(s)) || {};
  if (s.stage === 'keys' && !s.joined) {
    if (!store.comm) {
      const { secret, message } = P.commKey(s.context, s.index);
      Object.assign(store, { e: P.scalarHex(secret), comm: message });
      save(secretsKey(s), store); // kept before it is sent: a lost answer is sent again, same key
    }
    return api('/comm-key', store.comm);
  }
  if (s.stage === 'dealing' && !s.dealt) {
    if (!store.e) return lost();
    if (!store.deal) {
      const { secret, message } = P.deal(s.context, s.index, s.threshold, s.comm_keys);
      Object.assign(store, { coefficients: secret.map(P.scalarHex), deal: message });
      save(secretsKey(s), store);
    }
    return api('/deal', store.deal);
  }
  if (s.stage === 'confirming' && !s.confirmed) {
    if (!store.e) return lost();
    const { share, complaints } = P.receive(s.context, s.index, P.scalarFromHex(store.e, 'e'), s.deals);
    if (complaints.length) {
      showError(fmt(T.complaint, { j: complaints[0] }));
      return api('/complaint', { dealer: complaints[0] });
    }
    const commitments = Object.fromEntries(Object.entries(s.deals).map(([j, d]) => [j, d.commitments]));
    const file = P.keyFile({
      ceremony: s.ceremony,
      congress: s.congress,
      index: s.index,
      threshold: s.threshold,
      trustees: s.trustees,
      publicKey: P.pointHex(P.publicKey(commitments)),
      share,
    });
    save(keyFileKey(s), file); // the key file first: the confirmation says this device holds it
    if (!store.confirm) {
      store.confirm = P.confirm(s.context, s.index, share);
      save(secretsKey(s), store);
    }
    return api('/confirmation', store.confirm);
  }
  return null;
}

// ------------------------------------------------------------------ the page

function showError(text) {
  const box = $('trustee-error');
  box.textContent = text;
  box.hidden = !text;
}

function render(s) {
  $('trustee-stage').textContent = s.stage_label;
  const n = s.trustees;
  const lines = {
    keys: s.joined ? `${T.joined} ${fmt(T.waiting_keys, { done: s.done.joined, n })}` : T.working,
    dealing: s.dealt ? `${T.dealt} ${fmt(T.waiting_deals, { done: s.done.dealt, n })}` : T.working,
    confirming: s.confirmed ? `${T.confirmed} ${fmt(T.waiting_confirm, { done: s.done.confirmed, n })}` : T.working,
    complete: T.confirmed,
    cancelled: `${T.cancelled} ${s.cancel_reason || ''}`,
  };
  $('trustee-status').textContent = lines[s.stage] || '';
  app.dataset.stage = s.stage;
  if (s.stage === 'cancelled') {
    localStorage.removeItem(secretsKey(s));
    stopped = true;
  }
  if (s.stage === 'complete') complete(s);
}

function complete(s) {
  localStorage.removeItem(secretsKey(s)); // only the key file stays
  const file = load(keyFileKey(s));
  $('trustee-complete').hidden = false;
  $('trustee-polls').hidden = false;
  $('trustee-fingerprint-text').textContent = T.complete;
  if (file) {
    if (file.public_key !== s.public_key || file.verification_key !== s.verification_key) {
      showError(T.mismatch);
      return;
    }
    $('trustee-fingerprint').textContent = fingerprint(file.public_key);
    const link = $('trustee-download');
    if (!link.href) {
      const blob = new Blob([JSON.stringify(file, null, 2) + '\n'], { type: 'application/json' });
      link.href = URL.createObjectURL(blob);
      link.download = `daihoi-khoa-${s.index}.json`;
    }
    link.hidden = false;
    $('trustee-key-missing').hidden = true;
  } else {
    $('trustee-fingerprint').textContent = fingerprint(s.public_key);
    $('trustee-download').hidden = true;
    $('trustee-key-missing').hidden = false;
    $('trustee-key-missing-text').textContent = T.no_key;
  }
}

// ------------------------------------------------------------------ decryption (§4.5)

let state = null;
let chosenFile = null;
// Polls this page sent a share for: still listed, with the confirmation, after the server stops listing
// them (else the next refresh, 2 s later or at once, erased the confirmation the key holder looks for).
const sent = new Map();

$('trustee-key-file').addEventListener('change', async (event) => {
  const [picked] = event.target.files;
  if (!picked) return;
  try {
    chosenFile = JSON.parse(await picked.text());
    showError('');
  } catch {
    chosenFile = null;
    showError(T.bad_key);
  }
});

/** The confirmation under the poll's title (its own line: the title ends with the round). */
function sentNote() {
  const note = document.createElement('span');
  note.className = 'trustee-sent';
  note.textContent = T.decrypted;
  return [document.createElement('br'), note];
}

async function decrypt(task, button) {
  button.disabled = true;
  try {
    const file = (state && load(keyFileKey(state))) || chosenFile;
    if (!file) throw new Error(T.no_key);
    const { manifest, tally } = await api(`/polls/${task.uuid}`);
    let keyShare;
    try {
      keyShare = P.loadKeyFile(file, manifest);
    } catch (error) {
      if (error instanceof P.VerifiableError) throw new Error(T.bad_key);
      throw error;
    }
    await api(`/polls/${task.uuid}/share`, P.decryptionShare(manifest, tally, keyShare));
    sent.set(task.uuid, task);
    button.replaceWith(...sentNote());
    showError('');
  } catch (error) {
    button.disabled = false;
    showError(error.status ? fmt(T.error, { message: error.message }) : error.message);
  }
}

async function refreshPolls() {
  const tasks = await api('/polls');
  const done = [...sent.values()].filter((d) => !tasks.some((t) => t.uuid === d.uuid));
  const signature = JSON.stringify([tasks, done.map((d) => d.uuid)]);
  if (signature === pollsShown) return;
  pollsShown = signature;
  const list = $('trustee-poll-list');
  list.replaceChildren();
  if (!tasks.length && !done.length) {
    const item = document.createElement('li');
    item.textContent = T.polls_none;
    list.append(item);
  }
  for (const task of [...done, ...tasks]) {
    const item = document.createElement('li');
    item.className = 'trustee-poll';
    item.dataset.poll = task.uuid;
    item.append(`${task.title} — ${fmt(T.round, { n: task.round })} `);
    if (sent.has(task.uuid)) {
      item.append(...sentNote());
      list.append(item);
      continue;
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn trustee-decrypt';
    button.textContent = T.decrypt;
    button.addEventListener('click', () => decrypt(task, button));
    item.append(button);
    list.append(item);
  }
}

// ------------------------------------------------------------------ the loop

async function tick() {
  if (busy) return;
  busy = true;
  try {
    state = await api('/state');
    if (!stopped) {
      const after = await step(state);
      if (after) state = after;
    }
    render(state);
    if (state.stage === 'complete') await refreshPolls();
    if (!stopped && $('trustee-error').textContent === T.offline) showError('');
  } catch (error) {
    showError(error.status ? fmt(T.error, { message: error.message }) : T.offline);
    if (error.status === 403) stopped = true;
  } finally {
    busy = false;
  }
}

tick();
setInterval(tick, 2000);
