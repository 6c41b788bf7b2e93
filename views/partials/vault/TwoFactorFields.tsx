// The login details form's two-step verification part: how Communicatie gets past it, and the
// account's authenticator secret (never put back into the form; empty keeps the stored one).
import { TWO_FACTOR_METHODS, type TwoFactorMethod } from '../../../db/schema';
import { label } from '../../../src/i18n';
import { Input, Select, type FormErrors } from '../../components/form';
import { useLocale } from '../../i18n';

type Props = { method: TwoFactorMethod | null; stored: boolean; errors: FormErrors };

export function TwoFactorFields({ method, stored, errors }: Props) {
  const { t } = useLocale();
  return (
    <>
      <Select
        name="twoFactorMethod"
        label={t('access.twoFactorMethod')}
        values={{ twoFactorMethod: method ?? '' }}
        errors={errors}
        empty={t('twoFactorMethod.unknown')}
        options={TWO_FACTOR_METHODS.map((m) => ({
          value: m,
          label: label(t, 'twoFactorMethod', m),
        }))}
      />
      <Input
        name="totp"
        label={t('access.totp')}
        hint={stored ? `${t('access.totpHint')} ${t('access.keepHint')}` : t('access.totpHint')}
        errors={errors}
        autocomplete="off"
        maxlength={500}
      />
    </>
  );
}
