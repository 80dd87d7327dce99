/**
 * 生成报告: the review report of what the page shows (a branch, the branches under a general branch, or
 * the college) for the page's period, as PDF, Word or slides. The server makes it as a job
 * (server/http/report-route.ts); a dialog shows how many branch sections are written, then the file is
 * downloaded. Refusals (a secretary asking for another branch, a bad period) come back in the user's
 * language.
 */
import { Button, Dropdown, Modal, message, Progress, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  REPORT_FILE_PATH,
  REPORT_PROGRESS_PATH,
  REPORT_START_PATH,
  type TReportFormatKey,
  type TReportJobProgress,
} from '../../../shared/schemas/report';
import { useI18n } from '../lib/i18n-provider';
import { defineMessages, useMessages } from '../lib/messages';
import { requestJson } from '../lib/upload-file';
import { DownloadIcon } from './icons';

const MESSAGES = defineMessages(
  {
    report: '生成报告',
    pdf: 'PDF 报告（.pdf）',
    docx: 'Word 文档（.docx，可编辑）',
    pptx: '汇报幻灯片（.pptx）',
    title: '正在生成报告',
    gathering: '正在汇总指标……',
    sections: '已完成 {done} / {total} 个支部',
    done: '报告已生成：{name}',
    failed: '报告生成失败',
  },
  {
    report: 'Report',
    pdf: 'PDF report (.pdf)',
    docx: 'Word document (.docx, editable)',
    pptx: 'Slides (.pptx)',
    title: 'Generating the report',
    gathering: 'Gathering the figures…',
    sections: '{done} of {total} branches done',
    done: 'Report ready: {name}',
    failed: 'The report could not be generated',
  },
);

/** Whom the report is about: one branch's code, a general branch's code, or the college (neither). */
type TReportScope = { branch?: string; unit?: string };

/** How often the dialog asks for progress while a report is made (a few seconds for 40 branches). */
const POLL_MS = 500;

function download(id: string): void {
  const link = document.createElement('a');
  link.href = `${REPORT_FILE_PATH}?id=${encodeURIComponent(id)}`;
  document.body.append(link);
  link.click();
  link.remove();
}

export function ReportButton({
  period,
  asOf,
  scope,
  testId = 'report-button',
}: {
  period: string;
  asOf?: string;
  scope: TReportScope;
  testId?: string;
}) {
  const m = useMessages(MESSAGES);
  const { lang } = useI18n();
  const [job, setJob] = useState<TReportJobProgress | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const items = useMemo(
    () =>
      (['pdf', 'docx', 'pptx'] as const).map((key) => ({
        key,
        label: m(key),
        'data-testid': `${testId}-${key}`,
      })),
    [m, testId],
  );

  const poll = (id: string) => {
    requestJson<TReportJobProgress>(`${REPORT_PROGRESS_PATH}?id=${encodeURIComponent(id)}`, lang)
      .then((progress) => {
        if (progress.status === 'running') {
          setJob(progress);
          timer.current = setTimeout(() => poll(id), POLL_MS);
          return;
        }
        setJob(null);
        if (progress.status === 'failed') {
          void message.error(progress.message ?? m('failed'));
          return;
        }
        download(id);
        void message.success(m('done', { name: progress.fileName ?? '' }));
      })
      .catch((error: Error) => {
        setJob(null);
        void message.error(error.message || m('failed'));
      });
  };

  const onClick = ({ key }: { key: string }) => {
    requestJson<TReportJobProgress>(REPORT_START_PATH, lang, {
      body: { period, ...(asOf ? { asOf } : {}), format: key as TReportFormatKey, ...scope },
    })
      .then((progress) => {
        setJob(progress);
        poll(progress.id);
      })
      .catch((error: Error) => void message.error(error.message || m('failed')));
  };

  const percent = job && job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;
  return (
    <>
      <Dropdown trigger={['click']} menu={{ items, onClick }} disabled={job !== null}>
        <Button
          icon={<DownloadIcon size={14} />}
          data-testid={testId}
          className="no-print"
          loading={job !== null}
        >
          {m('report')}
        </Button>
      </Dropdown>
      <Modal open={job !== null} title={m('title')} footer={null} closable={false} maskClosable={false}>
        <div data-testid={`${testId}-progress`}>
          <Progress percent={percent} status="active" />
          <Typography.Text type="secondary">
            {job && job.total > 0 ? m('sections', { done: job.done, total: job.total }) : m('gathering')}
          </Typography.Text>
        </div>
      </Modal>
    </>
  );
}
