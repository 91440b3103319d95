/**
 * What one sentence holds for the contrast score: which sides of which pairs it names (and whether each name
 * begins a clause), which names are only joined into a topic ("leadership and management"), and which
 * contrast words it uses. Pure.
 */
import {
  CLAUSE_START,
  type ContrastPair,
  JOINER,
  PAIRS,
  STRONG_MARKERS,
  TOPIC_LEAD,
  WEAK_MARKERS,
} from './cues.js';

export interface Mention {
  side: 0 | 1;
  start: number;
  end: number;
  /** The name begins a clause ("Leaders have…", "…, managers make…", "…; you lead people"). */
  clauseInitial: boolean;
  /** Joined to the other side's name by "and", "or", "/", "vs" only: a topic, not a contrast. */
  joined: boolean;
}

interface Marker {
  word: string;
  strong: boolean;
}

export interface SentenceCues {
  /** Mentions per pair id (pairs with no mention are absent). */
  mentions: Map<string, Mention[]>;
  markers: Marker[];
  question: boolean;
  words: number;
}

/** At most this many words may stand between a clause's start and the name ("you lead", "good managers"). */
const LEADING_WORDS = 2;

function isClauseInitial(text: string, start: number): boolean {
  let before = text.slice(0, start);
  for (let skipped = 0; skipped <= LEADING_WORDS; skipped += 1) {
    if (CLAUSE_START.test(before)) return true;
    const word = /[\p{L}\p{N}][\p{L}\p{N}'’-]*\s*$/u.exec(before);
    if (!word) return false;
    before = before.slice(0, word.index);
  }
  return false;
}

function findMentions(pair: ContrastPair, text: string): Mention[] {
  const mentions: Mention[] = [];
  pair.sides.forEach((pattern, side) => {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      mentions.push({
        side: side as 0 | 1,
        start,
        end: start + match[0].length,
        clauseInitial: isClauseInitial(text, start),
        joined: false,
      });
    }
  });
  mentions.sort((a, b) => a.start - b.start);
  // Neighbouring names of opposite sides with only a joiner between them name a topic.
  for (let i = 0; i + 1 < mentions.length; i += 1) {
    const a = mentions[i];
    const b = mentions[i + 1];
    if (a && b && a.side !== b.side && JOINER.test(text.slice(a.end, b.start))) {
      a.joined = true;
      b.joined = true;
    }
  }
  return mentions;
}

/** Spans of joined topics ("leadership and management"), for leaving out the markers inside and before them. */
function topicSpans(mentions: Iterable<Mention[]>): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const list of mentions) {
    for (let i = 0; i + 1 < list.length; i += 1) {
      const a = list[i];
      const b = list[i + 1];
      if (a?.joined && b?.joined && a.side !== b.side) spans.push({ start: a.start, end: b.end });
    }
  }
  return spans;
}

function findMarkers(text: string, spans: readonly { start: number; end: number }[]): Marker[] {
  const markers: Marker[] = [];
  for (const [pattern, strong] of [
    [STRONG_MARKERS, true],
    [WEAK_MARKERS, false],
  ] as const) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (spans.some((span) => start >= span.start && end <= span.end)) continue;
      // "the difference between leadership and management" names the topic.
      if (spans.some((span) => span.start > end && TOPIC_LEAD.test(text.slice(end, span.start)))) continue;
      markers.push({ word: match[0].toLowerCase(), strong });
    }
  }
  return markers;
}

export function sentenceCues(text: string): SentenceCues {
  const mentions = new Map<string, Mention[]>();
  for (const pair of PAIRS) {
    const found = findMentions(pair, text);
    if (found.length > 0) mentions.set(pair.id, found);
  }
  return {
    mentions,
    markers: findMarkers(text, topicSpans(mentions.values())),
    question: /\?\s*["'”’)\]]*$/.test(text),
    words: text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length,
  };
}
