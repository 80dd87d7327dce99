/** Create or change one unit, checked by the unit's one schema (the importer's 组织 rules); the code is fixed once created. */
import { useMutation } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { CATEGORIES, UNIT_KINDS } from '../../../../shared/domain';
import { RECORD_LIMITS } from '../../../../shared/record-rules';
import { ZUnitInputSchema } from '../../../../shared/schemas/record-inputs';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { DAY_FIELD, RecordDrawer, saveRecord, schemaRule } from '../branch-detail/record-drawer';
import { fieldLabel } from '../branch-detail/record-form-model';
import { ORG_MESSAGES } from './messages';
import {
  parentOptionsFor,
  type TUnitFormValues,
  type TUnitRow,
  unitInputOf,
  unitValuesOf,
} from './unit-form-model';

const FIELDS = [
  'code',
  'name',
  'kind',
  'parentCode',
  'category',
  'establishedOn',
  'dissolvedOn',
  'hasGroups',
] as const;

export type TUnitFormTarget = { mode: 'edit'; unit: TUnitRow } | { mode: 'new' };

const NO_WARNINGS = { warnings: [] as string[] };

export function UnitForm({
  target,
  units,
  today,
  onClose,
  onSaved,
}: {
  target: TUnitFormTarget | null;
  units: readonly TUnitRow[];
  today: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(ORG_MESSAGES);
  const [form] = Form.useForm<TUnitFormValues>();
  const [error, setError] = useState<string | null>(null);
  const editing = target?.mode === 'edit' ? target.unit : null;
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setError(null);
    form.setFieldsValue(
      target.mode === 'edit'
        ? unitValuesOf(target.unit)
        : { kind: 'branch', establishedOn: today, hasGroups: false, parentCode: null, category: null },
    );
  }, [target, form, today]);

  const create = useMutation(trpc.units.create.mutationOptions());
  const update = useMutation(trpc.units.update.mutationOptions());
  const inputOf = () => unitInputOf(form.getFieldsValue(true) as TUnitFormValues);
  const rule = (field: string) => [schemaRule(ZUnitInputSchema, inputOf, lang, field)];
  const label = (field: string) => fieldLabel('units', field, lang);
  const parents = parentOptionsFor(units, editing?.id ?? null);

  const submit = async () => {
    setError(null);
    setError(
      await saveRecord({
        form,
        editingId: editing?.id,
        inputOf,
        create: async (input) => ({ ...(await create.mutateAsync(input)), ...NO_WARNINGS }),
        update: async (input) => ({ ...(await update.mutateAsync(input)), ...NO_WARNINGS }),
        fields: FIELDS,
        onSaved,
      }),
    );
  };

  return (
    <RecordDrawer
      open={target !== null}
      title={editing ? m('units.titleEdit', { name: editing.name }) : m('units.titleNew')}
      testId="unit-form"
      isSaving={create.isPending || update.isPending}
      error={error}
      onSave={() => void submit()}
      onClose={onClose}
    >
      <Form form={form} layout="vertical" className="record-form">
        <Form.Item
          name="code"
          label={label('code')}
          required
          rules={rule('code')}
          extra={editing ? m('units.codeFixed') : undefined}
        >
          <Input data-testid="unit-form-code" maxLength={RECORD_LIMITS.code} disabled={editing !== null} />
        </Form.Item>
        <Form.Item name="name" label={label('name')} required rules={rule('name')}>
          <Input data-testid="unit-form-name" maxLength={RECORD_LIMITS.unitName} />
        </Form.Item>
        <Form.Item name="kind" label={label('kind')} required rules={rule('kind')}>
          <Select
            data-testid="unit-form-kind"
            options={UNIT_KINDS.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        <Form.Item name="parentCode" label={label('parentCode')} rules={rule('parentCode')}>
          <Select
            data-testid="unit-form-parent"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={parents.map((u) => ({ value: u.code, label: `${u.name}（${u.code}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="category"
          label={label('category')}
          required={kind === 'branch'}
          rules={rule('category')}
          dependencies={['kind']}
        >
          <Select
            data-testid="unit-form-category"
            allowClear
            options={CATEGORIES.entries.map((e) => ({ value: e.key, label: e[lang] }))}
          />
        </Form.Item>
        <Form.Item
          name="establishedOn"
          label={label('establishedOn')}
          required
          rules={rule('establishedOn')}
          {...DAY_FIELD}
        >
          <DatePicker className="record-form-date" data-testid="unit-form-established" inputReadOnly />
        </Form.Item>
        <Form.Item
          name="dissolvedOn"
          label={label('dissolvedOn')}
          rules={rule('dissolvedOn')}
          dependencies={['establishedOn']}
          {...DAY_FIELD}
        >
          <DatePicker
            className="record-form-date"
            data-testid="unit-form-dissolved"
            inputReadOnly
            allowClear
          />
        </Form.Item>
        <Form.Item name="hasGroups" label={label('hasGroups')} valuePropName="checked">
          <Switch data-testid="unit-form-groups" />
        </Form.Item>
      </Form>
    </RecordDrawer>
  );
}
