// What the relay and the other participants learn about a person: the one statement shown on
// Home, in the privacy dashboard, in the data-protection report (main/privacy) and quoted in
// docs/PRIVACY.md ("Who learns what"), so the product never says two different things about it.
// Keep it true to docs/PRIVACY.md "What the relay operator can observe".

export interface PrivacyStatement {
  /** What the relay (and its operator) sees, and what it never sees. */
  relay: string;
  /** What the other participants see, and the remedy for the IP address. */
  participants: string;
}

export const PRIVACY_STATEMENT: Readonly<Record<'en' | 'de', PrivacyStatement>> = {
  en: {
    relay:
      'The relay sees an opaque room id, random participant ids that change on every join, message sizes and times, and the IP addresses of connections. It never sees names, keys, chat, audio or video, and writes nothing to disk.',
    participants:
      'The people you admit to a meeting see your name, your identity key and, on a direct connection, your IP address. “Always relay calls” (Settings → Network) hides your IP address from them behind the relay’s TURN server.',
  },
  de: {
    relay:
      'Das Relay sieht eine undurchsichtige Raum-ID, zufällige Teilnehmer-IDs, die sich bei jedem Beitritt ändern, Größe und Zeitpunkt von Nachrichten sowie die IP-Adressen der Verbindungen. Es sieht nie Namen, Schlüssel, Chat, Ton oder Bild und schreibt nichts auf die Festplatte.',
    participants:
      'Wen Sie in ein Meeting einlassen, sieht Ihren Namen, Ihren Identitätsschlüssel und bei einer direkten Verbindung Ihre IP-Adresse. „Anrufe immer über das Relay leiten“ (Einstellungen → Netzwerk) verbirgt Ihre IP-Adresse hinter dem TURN-Server des Relays.',
  },
};
