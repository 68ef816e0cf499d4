// The board's check page: one audited ballot (docs/verifiable-voting.md §4.4, §6.3) checked in this
// browser by protocol.js against the poll's manifest, whatever device opens it. Recomputes the tracker
// and every ciphertext from the revealed plaintexts and randomness, verifies the proofs, and shows the
// names the ballot kept (or agreed) and RIGHT/WRONG. The texts come from the page's templates.
import { checkAudited, tracker, trackerKey } from './verifiable/protocol.js';

const section = document.getElementById('check');

function text(key) {
  const t = section.querySelector(`template[data-text="${key}"]`);
  return t ? t.content.textContent.trim() : '';
}

function fillList(ul, names) {
  ul.textContent = '';
  if (!names.length) names = [text('nobody')];
  for (const name of names) {
    const li = document.createElement('li');
    li.textContent = name;
    ul.appendChild(li);
  }
}

function verdict(right, why) {
  const box = section.querySelector('[data-verdict]');
  box.classList.add(right ? 'right' : 'wrong');
  section.querySelector('[data-word]').textContent = text(right ? 'right' : 'wrong');
  section.querySelector('[data-why]').textContent = why;
  section.querySelector('[data-progress]').hidden = true;
  box.hidden = false;
}

function showChoice(manifest, choice) {
  const surplus = manifest.form === 'surplus';
  const label = (c) => `${c.position}. ${c.name}`;
  const kept = manifest.candidates.filter((c, i) => choice.xs[i] === 1).map(label);
  const other = manifest.candidates.filter((c, i) => choice.xs[i] !== 1).map(label);
  section.querySelector('[data-kept-title]').textContent = text(surplus ? 'kept-surplus' : 'kept-marks');
  section.querySelector('[data-other-title]').textContent = text(surplus ? 'other-surplus' : 'other-marks');
  fillList(section.querySelector('[data-kept]'), kept);
  fillList(section.querySelector('[data-other]'), other);
  const flagged = manifest.reasons.filter((r, i) => choice.flags[i] === 1);
  const invalid = section.querySelector('[data-invalid]');
  if (flagged.length) {
    invalid.textContent = `${text('invalid')} ${flagged.map((r) => text(`reason-${r}`)).join('; ')}`;
    invalid.hidden = false;
  }
  section.querySelector('[data-choice]').hidden = false;
}

// The protocol's error in words (its codes are identifiers, never shown): what failed, and at which name.
function failure(err) {
  const code = err && err.code;
  let words = text(`err-${code}`) || text('err-other');
  const at = /answers\[(\d+)\]/.exec((err && err.params && err.params.field) || '');
  if (at) words += ` ${text('at-name').replace('{position}', String(Number(at[1]) + 1))}`;
  return words;
}

function run() {
  const data = JSON.parse(document.getElementById('audited-data').textContent);
  // Let the page paint "checking…" before the (synchronous) arithmetic.
  requestAnimationFrame(() => setTimeout(() => {
    if (trackerKey(tracker(data.ballot)) !== data.tracker) {
      verdict(false, `${text('wrong-why')} ${text('tracker-differs')}`);
      return;
    }
    let choice;
    try {
      choice = checkAudited(data.manifest, data.ballot, data.reveal);
    } catch (err) {
      verdict(false, `${text('wrong-why')} ${failure(err)}`);
      return;
    }
    showChoice(data.manifest, choice);
    verdict(true, text('right-why'));
  }, 0));
}

run();
