import { defineMessages } from '../define';

export const crisis = defineMessages({
  nl: {
    'crisis.gate.notApplicable': 'Artikel 2 geldt alleen voor grote crisissen of crisissen met grote impact waarbij de crisiscel betrokken is.',
    'crisis.gate.closed': 'Deze crisis is afgesloten.',
  },
  en: {
    'crisis.gate.notApplicable': 'Article 2 applies only to major or high-impact crises in which the crisis cell is involved.',
    'crisis.gate.closed': 'This crisis is closed.',
  },
});
