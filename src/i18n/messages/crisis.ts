import { defineMessages } from '../define';

export const crisis = defineMessages({
  nl: {},
  en: {},
});
