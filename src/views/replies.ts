/** What `/lead-vs-manage` answers, word for word (tests assert these). */

export const ADMIN_ONLY = 'Only the admins of Lead vs Manage can change schedules here. Ask one of them:';
export const NO_PROMPTS = 'No prompts in this channel yet. Post the first one with `/lead-vs-manage now`.';
export const NO_SCHEDULE =
  'This channel has no schedule yet. Set one with `/lead-vs-manage schedule mon 09:00`.';

export const PREPARING_EXPORT = 'Preparing your export…';
export const EXPORT_MEMBERS_ONLY =
  "Only members of this channel can export its archive, and I couldn't find you among them.";
export const EXPORT_CHECK_FAILED =
  "I couldn't check that you're a member of this channel, so there is no export. Try again in a minute.";
export const EXPORT_NEEDS_BOT =
  'I need to be in this channel to share the file here. Invite me with `/invite @lead-vs-manage`, then try again.';
