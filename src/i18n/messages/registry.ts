import { defineMessages } from '../define';

export const registry = defineMessages({
  nl: {
    'department.nameTaken': 'Er bestaat al een dienst met deze naam.',
  },
  en: {
    'department.nameTaken': 'A department with this name already exists.',
  },
});
