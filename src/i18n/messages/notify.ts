import { defineMessages } from '../define';

export const notify = defineMessages({
  nl: {},
  en: {},
});
