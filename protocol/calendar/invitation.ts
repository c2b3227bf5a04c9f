// The invitation to a scheduled meeting, in the person's language: the text "Copy invitation"
// puts on the clipboard (renderer/app/meetings) and the DESCRIPTION of the meeting's calendar
// file (main/meetings), so the two never say different things. It carries the title the person
// chose, the time and the link: no name, no address, nothing else about anyone.

export type InvitationLanguage = 'en' | 'de';

export interface InvitationParts {
  title: string;
  /** The time as the person's locale writes it, or null where the calendar shows it (the .ics). */
  when: string | null;
  /** The app form, parley://join?relay=…#… */
  appLink: string;
  /** The clickable https form, or null for a relay without an https page. */
  pageLink: string | null;
}

const WORDS: Readonly<Record<InvitationLanguage, {
  invited: (title: string) => string;
  when: (when: string) => string;
  open: string;
  openInApp: string;
  keep: string;
}>> = {
  en: {
    invited: (title) => `You are invited to a Parley meeting: ${title}`,
    when: (when) => `When: ${when}`,
    open: 'Join the meeting:',
    openInApp: 'Or open it in the Parley app:',
    keep: 'The link is the key to this meeting: please do not pass it on. Audio, video and chat are end-to-end encrypted.',
  },
  de: {
    invited: (title) => `Sie sind zu einem Parley-Meeting eingeladen: ${title}`,
    when: (when) => `Wann: ${when}`,
    open: 'Zum Meeting:',
    openInApp: 'Oder in der Parley-App öffnen:',
    keep: 'Der Link ist der Schlüssel zu diesem Meeting: Bitte geben Sie ihn nicht weiter. Audio, Video und Chat sind Ende-zu-Ende-verschlüsselt.',
  },
};

/** The invitation as plain text, lines separated by \n. */
export function invitationText(language: InvitationLanguage, parts: InvitationParts): string {
  const w = WORDS[language];
  const lines = [w.invited(parts.title)];
  if (parts.when !== null) lines.push(w.when(parts.when));
  lines.push('');
  if (parts.pageLink) lines.push(w.open, parts.pageLink, '', w.openInApp, parts.appLink);
  else lines.push(w.openInApp, parts.appLink);
  lines.push('', w.keep);
  return lines.join('\n');
}
