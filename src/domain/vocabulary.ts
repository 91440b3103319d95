/**
 * The closed vocabularies of a prompt entry: its form, where its source leans, the setting of a situation and
 * the themes it touches. The loader refuses any other value; the README's "Prompts" section lists them.
 */
import { LEANS } from './options.js';

export const PROMPT_FORMS = ['statement', 'situation'] as const;
/** `statement`: a claim or practice to judge. `situation`: a short scene ("Which is this?"). */
export type PromptForm = (typeof PROMPT_FORMS)[number];

/**
 * Where the credited person came down: one of the three vote options, or `none` when the source gave no
 * lean on this idea (the close then says so, and the team's vote is not compared with it).
 */
export const SOURCE_LEANS = [...LEANS, 'none'] as const;
export type SourceLean = (typeof SOURCE_LEANS)[number];

/** Where a situation takes place. Statements have no setting. */
export const SETTINGS = [
  'software',
  'public-sector',
  'healthcare',
  'education',
  'retail',
  'manufacturing',
  'non-profit',
  'emergency-services',
  'sport',
  'family-business',
  'hospitality',
  'construction',
  'logistics',
  'research',
  'media',
  'finance',
  'agriculture',
  'military',
  'volunteer',
  'legal',
] as const;
export type Setting = (typeof SETTINGS)[number];

/**
 * What a prompt is about. Prompts that share a theme are kept at least `THEME_GAP` posts apart by the
 * rotation, so near-twins must share one.
 */
export const THEMES = [
  'vision-and-direction',
  'planning-and-execution',
  'people-vs-things',
  'title-and-authority',
  'influence-without-authority',
  'trust-and-followers',
  'change',
  'stability-and-order',
  'promotion-and-careers',
  'expert-to-manager',
  'charisma',
  'coaching-and-growth',
  'clearing-obstacles',
  'resources-and-budget',
  'results-and-metrics',
  'decisions',
  'crisis',
  'voice-and-communication',
  'culture-and-values',
  'serving-others',
  'born-or-made',
  'public-service',
  'hiring-and-teams',
  'time-horizon',
  'inspiration-vs-implementation',
  'accountability',
  'delegation',
  'advocacy',
  'conflict',
  'same-thing',
  'order-of-skills',
  'not-for-everyone',
  'view-from-below',
  'ethics',
  'recognition',
  'risk',
] as const;
export type Theme = (typeof THEMES)[number];

/** Each prompt names 1 to `MAX_THEMES` themes. */
export const MAX_THEMES = 3;
