/**
 * Finds the passages of a document that contrast leadership with management (or vision with execution,
 * people with things…), scores them, and keeps the strongest: no two overlapping, no near-duplicates. Pure.
 *
 * A passage is one to three consecutive sentences, within one paragraph or across two neighbouring ones.
 * Its score adds up:
 * - each pair it contrasts: the pair's weight (3 for leading vs managing, 2 for the others) when both sides
 *   are named in one sentence, ¾ of it across sentences, 0.4 of it when they are only joined into a topic
 *   ("the difference between leadership and management"); the best pair counts whole, the next two half;
 * - contrast words outside such topics: 1 for "whereas", "on the other hand", "rather than"…,
 *   ½ for "but", "while", "difference"… (at most 2 in all);
 * - 2 for parallel clauses, where both sides begin a clause ("Leaders have vision, managers make it happen");
 * and then: halved when every sentence is a question, ½ off for each sentence past the first, ½ off for
 * spanning two paragraphs, and scaled down past 60 words. Passages scoring at least 3 are contrasts.
 */
import { PAIRS, type SuggestedTheme } from './cues.js';
import type { Sentence } from './document.js';
import { type Mention, type SentenceCues, sentenceCues } from './sentence-cues.js';

export const CONTRAST_THRESHOLD = 3;
const MAX_SENTENCES = 3;
const LONG_PASSAGE_WORDS = 60;

export interface ContrastPassage {
  /** Paragraph and sentence (1-based) of the first sentence, and of the last. */
  paragraph: number;
  sentence: number;
  lastParagraph: number;
  lastSentence: number;
  /** Source lines of the first and last characters. */
  line: number;
  endLine: number;
  /** The passage itself: for the person reading the document, never for a draft's fields. */
  text: string;
  score: number;
  /** Labels of the pairs it contrasts, strongest first ("leading vs managing"). */
  pairs: string[];
  /** Contrast words it uses, as found (lower case), each once. */
  markers: string[];
  parallel: boolean;
  themes: SuggestedTheme[];
}

interface Scored {
  from: number;
  to: number;
  score: number;
  pairs: { id: string; label: string; score: number; themes: readonly SuggestedTheme[] }[];
  markers: string[];
  parallel: boolean;
}

/** The sides named in a sentence other than inside a joined topic. */
function freeSides(mentions: readonly Mention[]): Set<0 | 1> {
  return new Set(mentions.filter((mention) => !mention.joined).map((mention) => mention.side));
}

/** 1: both sides named apart in one sentence; ¾: in different sentences; 0.4: only joined as a topic. */
function pairFactor(perSentence: readonly Mention[][]): number {
  const free = perSentence.map(freeSides);
  if (free.some((sides) => sides.size === 2)) return 1;
  const named = new Set(free.flatMap((sides) => [...sides]));
  if (named.size === 2) return 0.75;
  return perSentence.some((mentions) => mentions.some((mention) => mention.joined)) ? 0.4 : 0;
}

function isParallel(perSentence: Mention[][]): boolean {
  const initial = perSentence.flat().filter((mention) => mention.clauseInitial && !mention.joined);
  return initial.some((m) => m.side === 0) && initial.some((m) => m.side === 1);
}

/** A passage of several sentences must begin and end with a sentence naming a side of its strongest pair. */
function padded(window: readonly SentenceCues[], pairId: string): boolean {
  if (window.length === 1) return false;
  const names = (cues: SentenceCues | undefined) => freeSides(cues?.mentions.get(pairId) ?? []).size > 0;
  return !names(window[0]) || !names(window[window.length - 1]);
}

function scoreWindow(
  cues: readonly SentenceCues[],
  sentences: readonly Sentence[],
  from: number,
  to: number,
): Scored {
  const window = cues.slice(from, to + 1);
  const pairs: Scored['pairs'] = [];
  let parallel = false;
  for (const pair of PAIRS) {
    const perSentence = window.map((sentence) => sentence.mentions.get(pair.id) ?? []);
    const factor = pairFactor(perSentence);
    if (factor === 0) continue;
    pairs.push({ id: pair.id, label: pair.label, score: pair.weight * factor, themes: pair.themes });
    if (factor > 0.4 && isParallel(perSentence)) parallel = true;
  }
  pairs.sort((a, b) => b.score - a.score);
  const markers = [...new Set(window.flatMap((sentence) => sentence.markers.map((marker) => marker.word)))];
  let score = 0;
  if (pairs.length > 0 && !padded(window, pairs[0]?.id ?? '')) {
    score = pairs
      .slice(0, 3)
      .reduce((sum, pair, index) => sum + (index === 0 ? pair.score : pair.score / 2), 0);
    const markerScore = window
      .flatMap((sentence) => sentence.markers)
      .reduce((sum, marker) => sum + (marker.strong ? 1 : 0.5), 0);
    score += Math.min(2, markerScore) + (parallel ? 2 : 0);
    if (window.every((sentence) => sentence.question)) score /= 2;
    score -= 0.5 * (to - from);
    if ((sentences[to]?.paragraph ?? 0) !== (sentences[from]?.paragraph ?? 0)) score -= 0.5;
    const words = window.reduce((sum, sentence) => sum + sentence.words, 0);
    if (words > LONG_PASSAGE_WORDS) score *= Math.sqrt(LONG_PASSAGE_WORDS / words);
  }
  return { from, to, score: Math.round(score * 100) / 100, pairs, markers, parallel };
}

/**
 * Every candidate passage of the document that scores as a contrast. A passage over two paragraphs is for a
 * contrast split between them: when a paragraph's part is a contrast by itself, the passage must beat it by a
 * point (a parallel, another pair) or that part stands alone.
 */
function candidates(sentences: readonly Sentence[]): Scored[] {
  const cues = sentences.map((sentence) => sentenceCues(sentence.text));
  const paragraph = (index: number) => sentences[index]?.paragraph ?? 0;
  const found: Scored[] = [];
  for (let from = 0; from < sentences.length; from += 1) {
    for (let to = from; to < Math.min(sentences.length, from + MAX_SENTENCES); to += 1) {
      if (paragraph(to) - paragraph(from) > 1) break;
      const scored = scoreWindow(cues, sentences, from, to);
      if (scored.score < CONTRAST_THRESHOLD) continue;
      if (paragraph(to) !== paragraph(from)) {
        let split = from + 1;
        while (paragraph(split) === paragraph(from)) split += 1;
        const part = Math.max(
          scoreWindow(cues, sentences, from, split - 1).score,
          scoreWindow(cues, sentences, split, to).score,
        );
        if (part >= CONTRAST_THRESHOLD && scored.score < part + 1) continue;
      }
      found.push(scored);
    }
  }
  return found;
}

/** Words of three letters or more, for spotting near-duplicate passages. */
function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
}

/** True when most of the smaller passage's words are in the other (a quoted reply, a title repeated). */
export function nearDuplicate(a: string, b: string): boolean {
  const left = wordSet(a);
  const right = wordSet(b);
  const smaller = Math.min(left.size, right.size);
  if (smaller === 0) return false;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / smaller >= 0.8 || shared / (left.size + right.size - shared) >= 0.6;
}

function toPassage(sentences: readonly Sentence[], scored: Scored): ContrastPassage {
  const window = sentences.slice(scored.from, scored.to + 1);
  const first = window[0] as Sentence;
  const last = window[window.length - 1] as Sentence;
  const themes = [...new Set(scored.pairs.flatMap((pair) => pair.themes))].slice(0, 3);
  return {
    paragraph: first.paragraph,
    sentence: first.sentence,
    lastParagraph: last.paragraph,
    lastSentence: last.sentence,
    line: first.line,
    endLine: last.endLine,
    text: window.map((sentence) => sentence.text).join(' '),
    score: scored.score,
    pairs: scored.pairs.map((pair) => pair.label),
    markers: scored.markers,
    parallel: scored.parallel,
    themes,
  };
}

/**
 * The document's contrasting passages, strongest first (ties: the shorter, then the earlier): no two share a
 * sentence, and a passage that nearly repeats a stronger one is left out.
 */
export function findContrasts(sentences: readonly Sentence[]): ContrastPassage[] {
  const ranked = candidates(sentences).sort(
    (a, b) => b.score - a.score || a.to - a.from - (b.to - b.from) || a.from - b.from,
  );
  const taken = new Set<number>();
  const kept: ContrastPassage[] = [];
  for (const scored of ranked) {
    let overlaps = false;
    for (let i = scored.from; i <= scored.to; i += 1) if (taken.has(i)) overlaps = true;
    if (overlaps) continue;
    const passage = toPassage(sentences, scored);
    if (kept.some((other) => nearDuplicate(other.text, passage.text))) continue;
    for (let i = scored.from; i <= scored.to; i += 1) taken.add(i);
    kept.push(passage);
  }
  return kept;
}
