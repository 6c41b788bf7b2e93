import { defineMessages } from '../define';

export const audit = defineMessages({
  nl: {},
  en: {},
});
