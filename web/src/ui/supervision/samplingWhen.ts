/** An instant shown as a Tai'an civil date and time (docs/rules.md: civil dates are the profile's time zone). */
import { civilDateTime } from '../../domain/civilDate.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';

export function civilWhen(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = civilDateTime(new Date(iso), defaultProfile.timeZone.value);
  return `${t.date} ${t.time.slice(0, 5)}`;
}
