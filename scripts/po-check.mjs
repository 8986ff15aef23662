#!/usr/bin/env node
// po-check.mjs - compares the messages of the C code with po/en.po.
//
//   node scripts/po-check.mjs            check: lists untranslated messages,
//                                        format mismatches and obsolete entries,
//                                        ends with "N passed, N failed"; exits 1
//                                        if a message lacks a good translation
//   node scripts/po-check.mjs --write    rewrites po/en.po: every message of the
//                                        code gets an entry (existing translations
//                                        kept), grouped by source file with "#: file"
//                                        comments; entries no longer in the code are
//                                        kept as "#~" (obsolete) at the end
//   --list                               prints every message found, with its place
//   --verbose                            also lists _(variable) calls
//   PO_FILE=path                         checks or writes another PO file
//
// A message is the first argument of _( or N_( in src/**/*.c when it is a
// string literal (adjacent literals concatenated), decoded as the C compiler
// does: simple escapes, octal, hex, \u and \U (UTF-8), line splices, and
// trigraphs when the Makefile compiles with -std=cNN (not gnuNN).
//
// po/en.po is read the way src/kernel/i18n.c reads it at run time: only
// \n, \t, \\ and \" are escapes there (any other \X is read as X, so the
// check reports it). An entry with an empty msgstr is untranslated.
//
// A message containing printf conversions (%s, %d, %lld, %%, ...) must keep
// the same conversions in the same order in its translation (with %1$s-style
// positions, the same conversion for each position); a mismatch fails. "% "
// (percent then space) is not taken for a conversion, so French "20 % de"
// is plain text.
//
// Entries flagged "#, indirect" are strings that the code translates through
// a variable (_(why)) without marking them N_(): they are kept by --write and
// not reported as obsolete.
//
// Node 20, no packages.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PO_PATH = process.env.PO_FILE ? path.resolve(process.env.PO_FILE) : path.join(ROOT, 'po', 'en.po');

// ---------------------------------------------------------------- C sources

export function listSources(dir = path.join(ROOT, 'src')) {
  const out = [];
  const walk = (d) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && ent.name.endsWith('.c')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// True when the Makefile compiles in strict ISO mode, where trigraphs apply.
export function trigraphsEnabled() {
  try {
    const mk = fs.readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
    const m = /BASEFLAGS\s*:?=.*?-std=(\w+)/.exec(mk);
    return !!(m && /^c\d/.test(m[1]));
  } catch {
    return false;
  }
}

const TRIGRAPHS = { '=': 0x23, '/': 0x5c, "'": 0x5e, '(': 0x5b, ')': 0x5d, '!': 0x7c, '<': 0x7b, '>': 0x7d, '-': 0x7e };

// Translation phases 1 and 2: trigraphs (optional), then line splices.
// Returns the bytes and, for each byte, its line in the original file.
function phases12(buf, trigraphs) {
  const bytes = [];
  const lines = [];
  let line = 1;
  const tmp = [], tmpLines = [];
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (trigraphs && c === 0x3f && buf[i + 1] === 0x3f && i + 2 < buf.length) {
      const r = TRIGRAPHS[String.fromCharCode(buf[i + 2])];
      if (r !== undefined) {
        tmp.push(r);
        tmpLines.push(line);
        i += 2;
        continue;
      }
    }
    tmp.push(c);
    tmpLines.push(line);
    if (c === 0x0a) line++;
  }
  for (let i = 0; i < tmp.length; i++) {
    if (tmp[i] === 0x5c) {
      let j = i + 1;
      if (tmp[j] === 0x0d) j++;
      if (tmp[j] === 0x0a) {
        i = j;
        continue;
      }
    }
    bytes.push(tmp[i]);
    lines.push(tmpLines[i]);
  }
  return { bytes: Uint8Array.from(bytes), lines };
}

const isIdStart = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
const isIdChar = (c) => isIdStart(c) || (c >= 0x30 && c <= 0x39);
const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isHex = (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isOct = (c) => c >= 0x30 && c <= 0x37;

function utf8(cp) {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

// Decodes the body of a narrow string literal (between the quotes) into the
// bytes the compiler stores, with UTF-8 as execution character set.
export function decodeCString(body, warn = () => {}) {
  const out = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const e = body[++i];
    const simple = { 0x6e: 10, 0x74: 9, 0x72: 13, 0x61: 7, 0x62: 8, 0x66: 12, 0x76: 11, 0x5c: 0x5c, 0x27: 0x27, 0x22: 0x22, 0x3f: 0x3f, 0x65: 27, 0x45: 27 };
    if (simple[e] !== undefined) {
      out.push(simple[e]);
    } else if (isOct(e)) {
      let v = 0, n = 0;
      while (n < 3 && isOct(body[i])) v = v * 8 + (body[i++] - 0x30), n++;
      i--;
      if (v > 0xff) warn('octal escape out of range');
      out.push(v & 0xff);
    } else if (e === 0x78) {
      let v = 0, n = 0;
      while (isHex(body[i + 1])) v = v * 16 + parseInt(String.fromCharCode(body[++i]), 16), n++;
      if (!n) warn('\\x with no hex digits');
      if (v > 0xff) warn('hex escape out of range');
      out.push(v & 0xff);
    } else if (e === 0x75 || e === 0x55) {
      const len = e === 0x75 ? 4 : 8;
      let v = 0;
      for (let k = 0; k < len; k++) {
        const h = body[i + 1];
        if (!isHex(h)) {
          warn(`incomplete universal character name \\${String.fromCharCode(e)}`);
          break;
        }
        v = v * 16 + parseInt(String.fromCharCode(h), 16);
        i++;
      }
      if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) warn(`invalid universal character \\u${v.toString(16)}`);
      out.push(...utf8(v));
    } else if (e === undefined) {
      warn('backslash at end of string');
    } else {
      warn(`unknown escape sequence \\${String.fromCharCode(e)}`);
      out.push(e);
    }
  }
  return Uint8Array.from(out);
}

// Splits C source bytes into tokens: identifiers, string literals (decoded),
// and single-character punctuators; comments, numbers and character
// constants are skipped.
function tokenize(bytes, lines, warn) {
  const toks = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c) {
      i++;
    } else if (c === 0x2f && bytes[i + 1] === 0x2f) {
      while (i < n && bytes[i] !== 0x0a) i++;
    } else if (c === 0x2f && bytes[i + 1] === 0x2a) {
      i += 2;
      while (i < n && !(bytes[i] === 0x2a && bytes[i + 1] === 0x2f)) i++;
      i += 2;
    } else if (isIdStart(c)) {
      const s = i;
      while (i < n && isIdChar(bytes[i])) i++;
      const id = Buffer.from(bytes.subarray(s, i)).toString('latin1');
      if ((bytes[i] === 0x22 || bytes[i] === 0x27) && ['u8', 'u', 'U', 'L'].includes(id)) {
        const q = bytes[i];
        const r = readQuoted(bytes, i, q);
        if (q === 0x22) toks.push({ t: 'str', prefix: id, body: r.body, line: lines[s] });
        i = r.end;
      } else {
        toks.push({ t: 'id', v: id, line: lines[s] });
      }
    } else if (isDigit(c) || (c === 0x2e && isDigit(bytes[i + 1]))) {
      i++;
      while (i < n) {
        const d = bytes[i];
        if ((d === 0x2b || d === 0x2d) && [0x65, 0x45, 0x70, 0x50].includes(bytes[i - 1])) i++;
        else if (isIdChar(d) || d === 0x2e || d === 0x27) i++;
        else break;
      }
    } else if (c === 0x22 || c === 0x27) {
      const r = readQuoted(bytes, i, c);
      if (c === 0x22) toks.push({ t: 'str', prefix: '', body: r.body, line: lines[i] });
      if (r.unterminated) warn(lines[i], 'unterminated literal');
      i = r.end;
    } else {
      toks.push({ t: 'p', v: String.fromCharCode(c), line: lines[i] });
      i++;
    }
  }
  return toks;
}

function readQuoted(bytes, i, q) {
  let j = i + 1;
  while (j < bytes.length && bytes[j] !== q && bytes[j] !== 0x0a) {
    if (bytes[j] === 0x5c) j++;
    j++;
  }
  return { body: bytes.subarray(i + 1, j), end: j + 1, unterminated: bytes[j] !== q };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

// Extracts the messages of one file: [{id, file, line, marker}], plus dynamic
// calls (_(variable)) and warnings.
export function extractFile(file, { trigraphs = trigraphsEnabled(), rel = path.relative(ROOT, file) } = {}) {
  const warnings = [];
  const warnAt = (line, msg) => warnings.push(`${rel}:${line}: ${msg}`);
  const { bytes, lines } = phases12(fs.readFileSync(file), trigraphs);
  const toks = tokenize(bytes, lines, warnAt);
  const messages = [], dynamic = [];
  for (let k = 0; k + 1 < toks.length; k++) {
    const t = toks[k];
    if (t.t !== 'id' || (t.v !== '_' && t.v !== 'N_') || toks[k + 1].t !== 'p' || toks[k + 1].v !== '(') continue;
    if (k > 0 && toks[k - 1].t === 'id' && toks[k - 1].v === 'define') continue; // #define _(s) ...
    if (k > 0 && toks[k - 1].t === 'p' && (toks[k - 1].v === '.' || (toks[k - 1].v === '>' && toks[k - 2]?.v === '-'))) continue;
    let j = k + 2;
    const parts = [];
    while (j < toks.length && toks[j].t === 'str') parts.push(toks[j++]);
    if (!parts.length) {
      const end = toks.slice(k + 2, k + 8).map((x) => (x.t === 'str' ? '"…"' : x.v)).join('');
      dynamic.push({ file: rel, line: t.line, text: `${t.v}(${end}` });
      continue;
    }
    if (toks[j] && !(toks[j].t === 'p' && (toks[j].v === ')' || toks[j].v === ','))) {
      warnAt(t.line, `${t.v}() argument is not a plain string literal (a macro or expression follows it); not extracted`);
      continue;
    }
    if (parts.some((p) => p.prefix && p.prefix !== 'u8')) {
      warnAt(t.line, `${t.v}() with a wide string literal; not extracted`);
      continue;
    }
    const chunks = parts.map((p) => decodeCString(p.body, (m) => warnAt(p.line, m)));
    const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
    let id;
    try {
      id = utf8Decoder.decode(all);
    } catch {
      warnAt(t.line, 'message is not valid UTF-8; not extracted');
      continue;
    }
    if (id.includes('\0')) warnAt(t.line, 'message contains \\0: the program only sees the text before it');
    if (/[\x01-\x08\x0b-\x1f\x7f]/.test(id)) warnAt(t.line, 'message contains a control character other than \\n and \\t: en.po cannot hold it as the program reads it');
    if (id === '') {
      warnAt(t.line, 'empty message');
      continue;
    }
    messages.push({ id, file: rel, line: t.line, marker: t.v });
  }
  return { messages, dynamic, warnings };
}

// All messages of src/**/*.c, in order of files then of appearance, each once
// with the list of its places.
export function extractAll() {
  const trigraphs = trigraphsEnabled();
  const byId = new Map();
  const dynamic = [], warnings = [];
  for (const f of listSources()) {
    const r = extractFile(f, { trigraphs });
    dynamic.push(...r.dynamic);
    warnings.push(...r.warnings);
    for (const m of r.messages) {
      let e = byId.get(m.id);
      if (!e) byId.set(m.id, (e = { id: m.id, places: [] }));
      e.places.push({ file: m.file, line: m.line });
    }
  }
  return { messages: [...byId.values()], dynamic, warnings };
}

// ---------------------------------------------------------------- PO files

// Unescapes a PO string the way src/kernel/i18n.c does: \n and \t, else \X
// gives X. Reports escapes gettext would read differently.
function poUnescape(s, warn) {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      const e = s[++i];
      if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else {
        if (e !== '\\' && e !== '"') warn(`escape \\${e} is read as "${e}" by the program`);
        out += e;
      }
    } else {
      out += s[i];
    }
  }
  return out;
}

// Parses the quoted string starting a line's value: returns the raw body.
function poQuoted(rest, warn) {
  const m = /^\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(rest);
  if (m) return m[1];
  warn('malformed string');
  const n = /^\s*"((?:[^"\\]|\\.)*)/.exec(rest);
  return n ? n[1] : '';
}

// Parses PO text into {header, entries, errors}. Each entry: {id, str,
// comments: [lines other than #:], refs, flags, obsolete, line, problems}.
export function parsePo(text) {
  const errors = [];
  const entries = [];
  const lines = text.split('\n');
  let cur = null, field = null, pendingComments = [];
  const finish = () => {
    if (cur && cur.id !== undefined) entries.push(cur);
    cur = null;
    field = null;
  };
  const start = (lineNo, obsolete) => {
    cur = { comments: pendingComments, refs: [], flags: [], obsolete, line: lineNo, problems: [], rawId: '', rawStr: '' };
    pendingComments = [];
  };
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n].replace(/\r$/, '');
    const lineNo = n + 1;
    const warn = (m) => (cur ? cur.problems.push(m) : errors.push(`en.po:${lineNo}: ${m}`));
    let obsolete = false;
    if (line.startsWith('#~')) {
      obsolete = true;
      line = line.slice(2).replace(/^ /, '');
      if (line.startsWith('#')) continue; // "#~|" and the like
    }
    if (line.trim() === '') {
      finish();
      continue;
    }
    if (line.startsWith('#')) {
      if (cur && field) finish();
      pendingComments.push(line);
      continue;
    }
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$/.exec(line);
    if (m) {
      const kw = m[1];
      if (kw === 'msgctxt' || (kw === 'msgid' && (!cur || field === 'str' || field === 'other'))) {
        if (cur && field) finish();
        start(lineNo, obsolete);
      }
      if (!cur) start(lineNo, obsolete);
      const raw = poQuoted(m[2], warn);
      if (kw === 'msgid') {
        field = 'id';
        cur.rawId = raw;
        cur.line = lineNo;
      } else if (kw === 'msgstr') {
        field = 'str';
        cur.rawStr = raw;
      } else {
        field = 'other';
        if (!obsolete) warn(`${kw} is not supported by the program (src/kernel/i18n.c)`);
      }
      if (kw === 'msgid') cur.id = '';
      continue;
    }
    if (/^\s*"/.test(line)) {
      const raw = poQuoted(line, warn);
      if (field === 'id') cur.rawId += raw;
      else if (field === 'str') cur.rawStr += raw;
      else if (field !== 'other') errors.push(`en.po:${lineNo}: string outside an entry`);
      continue;
    }
    errors.push(`en.po:${lineNo}: cannot read this line`);
  }
  finish();
  for (const e of entries) {
    const comments = [];
    for (const c of e.comments) {
      if (c.startsWith('#:')) e.refs.push(...c.slice(2).trim().split(/\s+/).filter(Boolean));
      else if (c.startsWith('#,')) e.flags.push(...c.slice(2).split(',').map((s) => s.trim()).filter(Boolean));
      else comments.push(c);
    }
    e.comments = comments;
    e.id = poUnescape(e.rawId, (m) => e.problems.push(`msgid: ${m}`));
    e.str = poUnescape(e.rawStr, (m) => e.problems.push(`msgstr: ${m}`));
  }
  const header = entries.length && entries[0].id === '' && !entries[0].obsolete ? entries.shift() : null;
  return { header, entries, errors };
}

export function poEscape(s) {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

// Writes "kw" and its string, on several lines when it holds newlines.
function poField(kw, s, prefix = '') {
  const pieces = s.split(/(?<=\n)/);
  if (pieces.length <= 1 || (pieces.length === 2 && pieces[1] === '')) return `${prefix}${kw} "${poEscape(s)}"\n`;
  return `${prefix}${kw} ""\n` + pieces.filter((p) => p !== '').map((p) => `${prefix}"${poEscape(p)}"\n`).join('');
}

function poEntry(e, { refs = [], flags = [], comments = [], obsolete = false }) {
  let out = '';
  for (const c of comments) out += c + '\n';
  if (refs.length && !obsolete) out += `#: ${refs.join(' ')}\n`;
  if (flags.length) out += `#, ${flags.join(', ')}\n`;
  const p = obsolete ? '#~ ' : '';
  out += poField('msgid', e.id, p) + poField('msgstr', e.str || '', p);
  return out;
}

// ---------------------------------------------------------------- formats

// printf conversions of s, in order: "%s", "%lld", "%%", "%1$s"...
// A "%" followed by a space is plain text (French "20 % de").
export function conversions(s) {
  const re = /%(?:%|(\d+\$)?[-+#0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+))?(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnmCS])/g;
  return [...s.matchAll(re)].map((m) => m[0]);
}

// Returns null when the translation keeps the conversions of the message,
// else a description of the difference.
export function formatMismatch(id, str) {
  const a = conversions(id), b = conversions(str);
  const positional = (l) => l.filter((c) => c !== '%%').length > 0 && l.filter((c) => c !== '%%').every((c) => /^%\d+\$/.test(c));
  if (positional(a) && positional(b)) {
    const key = (l) => l.filter((c) => c !== '%%').map((c) => c).sort().join(' ');
    const pct = (l) => l.filter((c) => c === '%%').length;
    if (key(a) === key(b) && pct(a) === pct(b)) return null;
  } else if (a.join(' ') === b.join(' ')) {
    return null;
  }
  return `conversions ${a.join(' ') || '(none)'} in the message, ${b.join(' ') || '(none)'} in the translation`;
}

// ---------------------------------------------------------------- check / write

const show = (s) => `"${poEscape(s)}"`;

export function check({ verbose = false, list = false } = {}) {
  const { messages, dynamic, warnings } = extractAll();
  const po = parsePo(fs.readFileSync(PO_PATH, 'utf8'));
  const out = [];
  for (const w of warnings) out.push(`warning: ${w}`);
  for (const e of po.errors) out.push(`error: ${e}`);
  let fileProblems = po.errors.length;
  const live = new Map();
  for (const e of po.entries) {
    if (e.obsolete) continue;
    if (live.has(e.id)) {
      out.push(`error: en.po:${e.line}: duplicate msgid ${show(e.id)} (the program keeps the first)`);
      fileProblems++;
      continue;
    }
    live.set(e.id, e);
  }
  const ids = new Set(messages.map((m) => m.id));
  let passed = 0, failed = 0;
  for (const m of messages) {
    const where = `${m.places[0].file}:${m.places[0].line}`;
    if (list) out.push(`${where}: ${show(m.id)}`);
    const e = live.get(m.id);
    if (!e || e.str === '') {
      out.push(`untranslated: ${show(m.id)}  (${where})`);
      failed++;
      continue;
    }
    const bad = formatMismatch(m.id, e.str);
    const strProblems = e.problems.filter((p) => p.startsWith('msgstr'));
    if (bad) {
      out.push(`format: ${show(m.id)} -> ${show(e.str)}: ${bad}  (${where})`);
      failed++;
    } else if (strProblems.length) {
      out.push(`bad translation: ${show(m.id)}: ${strProblems.join('; ')}  (en.po:${e.line})`);
      failed++;
    } else {
      passed++;
    }
  }
  let indirect = 0;
  for (const e of live.values()) {
    if (ids.has(e.id)) continue;
    if (e.flags.includes('indirect')) {
      indirect++;
      const bad = e.str && formatMismatch(e.id, e.str);
      if (bad) {
        out.push(`format: ${show(e.id)} (indirect): ${bad}  (en.po:${e.line})`);
        fileProblems++;
      }
      continue;
    }
    out.push(`obsolete: ${show(e.id)}  (en.po:${e.line})`);
  }
  if (verbose) for (const d of dynamic) out.push(`dynamic: ${d.file}:${d.line}: ${d.text}`);
  if (indirect) out.push(`note: ${indirect} entries flagged "indirect" (translated through a variable, not in the code as _() or N_())`);
  out.push(`${passed} passed, ${failed} failed`);
  return { text: out.join('\n'), ok: failed === 0 && fileProblems === 0, passed, failed, messages };
}

// Rewrites en.po from the messages of the code. `translations` (optional)
// is a Map of msgid to msgstr applied on top of the existing file.
export function write({ translations = new Map() } = {}) {
  const { messages, warnings } = extractAll();
  const text = fs.existsSync(PO_PATH) ? fs.readFileSync(PO_PATH, 'utf8') : '';
  const po = parsePo(text);
  if (po.errors.length) throw new Error(`po/en.po has errors:\n${po.errors.join('\n')}`);
  const old = new Map(), oldObsolete = new Map();
  for (const e of po.entries) {
    if (e.obsolete) {
      if (!oldObsolete.has(e.id)) oldObsolete.set(e.id, e);
    } else if (!old.has(e.id)) {
      old.set(e.id, e);
    }
  }
  // Header: the comment lines at the top of the file and the "" entry.
  let out = '';
  const headComments = po.header ? po.header.comments : ['# English translations of cartable\'s messages (French in the code).'];
  for (const c of headComments) out += c + '\n';
  const headerStr = po.header ? po.header.str : 'Content-Type: text/plain; charset=UTF-8\n';
  out += 'msgid ""\nmsgstr ""\n' + headerStr.split(/(?<=\n)/).filter(Boolean).map((p) => `"${poEscape(p)}"\n`).join('');
  const byFile = new Map();
  for (const m of messages) {
    const f = m.places[0].file;
    if (!byFile.has(f)) byFile.set(f, []);
    byFile.get(f).push(m);
  }
  let added = 0;
  for (const [, list] of byFile) {
    for (const m of list) {
      const prev = old.get(m.id) || oldObsolete.get(m.id);
      if (!old.has(m.id)) added++;
      const str = translations.has(m.id) ? translations.get(m.id) : prev ? prev.str : '';
      const refs = [...new Set(m.places.map((p) => p.file))];
      const flags = (prev ? prev.flags : []).filter((f) => f !== 'c-format' && f !== 'indirect');
      if (conversions(m.id).length) flags.unshift('c-format');
      out += '\n' + poEntry({ id: m.id, str }, { refs, flags, comments: prev ? prev.comments : [] });
    }
  }
  const ids = new Set(messages.map((m) => m.id));
  const indirect = [...old.values()].filter((e) => !ids.has(e.id) && e.flags.includes('indirect'));
  for (const e of indirect) {
    const str = translations.has(e.id) ? translations.get(e.id) : e.str;
    out += '\n' + poEntry({ id: e.id, str }, { refs: e.refs, flags: e.flags, comments: e.comments });
  }
  const gone = [...old.values()].filter((e) => !ids.has(e.id) && !e.flags.includes('indirect'));
  for (const [id, e] of oldObsolete) if (!ids.has(id) && !old.has(id)) gone.push(e);
  for (const e of gone) out += '\n' + poEntry(e, { comments: e.comments, flags: e.flags, obsolete: true });
  fs.writeFileSync(PO_PATH, out);
  return { added, obsolete: gone.length, total: messages.length, warnings };
}

// ---------------------------------------------------------------- main

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !['--write', '--verbose', '--list'].includes(a));
  if (unknown.length) {
    console.error(`usage: node scripts/po-check.mjs [--write] [--verbose] [--list]\nunknown: ${unknown.join(' ')}`);
    process.exit(2);
  }
  if (args.includes('--write')) {
    const r = write();
    for (const w of r.warnings) console.log(`warning: ${w}`);
    console.log(`po/en.po: ${r.total} messages, ${r.added} added, ${r.obsolete} obsolete kept as #~`);
  }
  const r = check({ verbose: args.includes('--verbose'), list: args.includes('--list') });
  console.log(r.text);
  process.exit(r.ok ? 0 : 1);
}
