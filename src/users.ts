/**
 * Is this user a bot? Reactions do not say, so the answer comes from users.info, asked once per user
 * and remembered. Asked after the vote is stored and acknowledged, never on the ack path.
 */
import type { webApi } from '@slack/bolt';

export interface BotDirectory {
  /** true/false once known; undefined when not asked yet. */
  known(user: string): boolean | undefined;
  /** Asks Slack (once per user) and remembers. */
  isBot(user: string): Promise<boolean>;
}

export function botDirectory(client: webApi.WebClient, botUserId: string): BotDirectory {
  const answers = new Map<string, boolean>([[botUserId, true]]);
  const asking = new Map<string, Promise<boolean>>();
  return {
    known: (user) => answers.get(user),
    isBot(user) {
      const known = answers.get(user);
      if (known !== undefined) return Promise.resolve(known);
      let pending = asking.get(user);
      if (!pending) {
        pending = client.users
          .info({ user })
          .then((r) => {
            const bot = r.user?.is_bot === true || r.user?.id === 'USLACKBOT';
            answers.set(user, bot);
            return bot;
          })
          .finally(() => asking.delete(user));
        asking.set(user, pending);
      }
      return pending;
    },
  };
}
