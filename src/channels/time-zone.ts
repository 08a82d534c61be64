// Whether a platform's zone string is one the bot can format times in (an IANA name Intl knows): Teams and Slack
// send zones the bot keeps per person, and a value Intl rejects would break every card that person gets.

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
