import { useTranslation } from 'react-i18next';

// Stage names are data, but the six stages a fresh install seeds are shown in the reader's language
// until someone renames them.
const SEEDED = ['New', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'] as const;
type Seeded = (typeof SEEDED)[number];
const isSeeded = (name: string): name is Seeded => (SEEDED as readonly string[]).includes(name);

export function useStageLabel() {
  const { t } = useTranslation();
  return (name: string) => (isSeeded(name) ? t(`deals.seededStages.${name}`) : name);
}
