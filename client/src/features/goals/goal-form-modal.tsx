/** Add or edit one goal (admin): antd form, validated with the zod schema of goal-model.ts. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Form, InputNumber, Modal, Radio, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { CATEGORIES } from '../../../../shared/domain';
import { METRICS, type TMetricKey } from '../../../../shared/metric-keys';
import type { TGoalItem } from '../../../../shared/schemas/goals';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { isRateMetric, parseGoalForm, scopeKey, type TGoalFormValues, toFieldValue } from './goal-model';
import { GOALS_MESSAGES } from './messages';
import { useInvalidateGoals } from './use-invalidate-goals';

export interface GoalFormModalProps {
  year: number;
  /** The goal being edited, or null to add one. */
  editing: TGoalItem | null;
  /** Goals already set this year (adding one with the same scope and metric is refused). */
  existing: readonly TGoalItem[];
  open: boolean;
  onClose: () => void;
}

function initialValues(goal: TGoalItem | null): TGoalFormValues {
  if (!goal) return { scopeType: 'all', target: null };
  const { scope } = goal;
  return {
    scopeType: scope.type,
    category: scope.type === 'category' ? scope.category : undefined,
    branchCode: scope.type === 'branch' ? scope.branchCode : undefined,
    metric: goal.metric,
    target: toFieldValue(goal.metric, goal.target),
  };
}

export function GoalFormModal({ year, editing, existing, open, onClose }: GoalFormModalProps) {
  const { lang } = useI18n();
  const m = useMessages(GOALS_MESSAGES);
  const [form] = Form.useForm<TGoalFormValues>();
  const [serverError, setServerError] = useState<string | null>(null);
  const invalidate = useInvalidateGoals();
  const branches = useQuery({ ...trpc.branches.list.queryOptions(), enabled: open });
  const scopeType = Form.useWatch('scopeType', form);
  const metric = Form.useWatch('metric', form) as TMetricKey | undefined;

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initialValues(editing));
      setServerError(null);
    }
  }, [open, editing, form]);

  const save = useMutation(trpc.goals.set.mutationOptions());

  const branchOptions = useMemo(
    () =>
      (branches.data ?? [])
        .filter((b) => !b.dissolvedOn)
        .map((b) => ({ value: b.code, label: `${b.name}（${b.code}）` })),
    [branches.data],
  );

  const submit = async () => {
    const values = form.getFieldsValue(true) as TGoalFormValues;
    const parsed = parseGoalForm(
      year,
      values,
      {
        errCategory: m('errCategory'),
        errBranch: m('errBranch'),
        errMetric: m('errMetric'),
        errTarget: m('errTarget'),
      },
      lang,
    );
    form.setFields(
      (['scopeType', 'category', 'branchCode', 'metric', 'target'] as const).map((name) => ({
        name,
        errors: parsed.errors?.[name] ? [parsed.errors[name] as string] : [],
      })),
    );
    if (!parsed.input) return;
    const key = scopeKey(parsed.input.scope);
    const isDuplicate =
      (!editing || scopeKey(editing.scope) !== key || editing.metric !== parsed.input.metric) &&
      existing.some((g) => scopeKey(g.scope) === key && g.metric === parsed.input.metric);
    if (isDuplicate) {
      form.setFields([{ name: 'metric', errors: [m('errDuplicate')] }]);
      return;
    }
    try {
      await save.mutateAsync(parsed.input);
      // Editing the scope or metric of a goal is the new goal plus removing the old one.
      if (editing && (scopeKey(editing.scope) !== key || editing.metric !== parsed.input.metric)) {
        await save.mutateAsync({ year, scope: editing.scope, metric: editing.metric, target: null });
      }
      await invalidate();
      onClose();
    } catch (error) {
      setServerError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? m('formTitleEdit') : m('formTitleAdd')}
      okText={m('save')}
      cancelText={m('cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ id: 'goal-form-save' }}
    >
      <Form form={form} layout="vertical" data-testid="goal-form">
        <Form.Item name="scopeType" label={m('fieldScopeType')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'all', label: m('scopeAll') },
              { value: 'category', label: m('scopeCategory') },
              { value: 'branch', label: m('scopeBranch') },
            ]}
          />
        </Form.Item>
        {scopeType === 'category' ? (
          <Form.Item name="category" label={m('fieldCategory')} required>
            <Select
              data-testid="goal-form-category"
              options={CATEGORIES.entries.map((c) => ({ value: c.key, label: c[lang] }))}
            />
          </Form.Item>
        ) : null}
        {scopeType === 'branch' ? (
          <Form.Item name="branchCode" label={m('fieldBranch')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={branches.isLoading}
              options={branchOptions}
              data-testid="goal-form-branch"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="metric" label={m('fieldMetric')} required>
          <Select
            data-testid="goal-form-metric"
            showSearch={{ optionFilterProp: 'label' }}
            options={METRICS.map((x) => ({ value: x.key, label: x[lang] }))}
          />
        </Form.Item>
        <Form.Item
          name="target"
          label={m('fieldTarget')}
          required
          extra={metric ? (isRateMetric(metric) ? m('targetPercentHint') : m('targetCountHint')) : undefined}
        >
          <InputNumber
            data-testid="goal-form-target"
            style={{ width: '100%' }}
            // No min/max: the box would silently clamp −1 to 0 on blur and save that; the shared
            // schema refuses out-of-range values with a message instead.
            step={metric && isRateMetric(metric) ? 1 : 0.5}
            suffix={metric && isRateMetric(metric) ? '%' : undefined}
          />
        </Form.Item>
        {serverError ? <Alert type="error" showIcon title={serverError} /> : null}
      </Form>
    </Modal>
  );
}
