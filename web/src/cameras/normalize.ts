// Search text folded for comparison: the console's searches ignore case and accents.

/** Lower case without accents, so that "chateaudun" finds "Châteaudun". */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}
