/**
 * A record's evidence (证明材料) in its form: the files attached to an activity or an achievement, with
 * a thumbnail for images, download and delete, and an upload area with each file's progress. Files go
 * to the server as they are chosen (the record must exist: a new record says to save first); the
 * server checks type and size by content and says why it refuses, shown under the upload area.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  message as antdMessage,
  Button,
  Drawer,
  Popconfirm,
  Progress,
  Typography,
  Upload,
  type UploadProps,
} from 'antd';
import { useCallback, useState } from 'react';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_LIMITS,
  type TAttachment,
} from '../../../../shared/schemas/attachments';
import { DownloadIcon, FileIcon, UploadIcon } from '../../components/icons';
import { formatCollegeTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import {
  evidenceHref,
  evidenceQueryKey,
  fetchEvidence,
  removeEvidence,
  type TEvidenceTarget,
  uploadEvidence,
} from './evidence-api';
import { EVIDENCE_MESSAGES } from './evidence-messages';
import { useIsPhone } from './record-drawer';
import type { TStagedEvidence } from './staged-evidence';
import './evidence-attachments.css';

const MAX_MB = ATTACHMENT_LIMITS.maxBytes / 1024 / 1024;

/** A file on its way: its progress, or why it was refused. */
interface TPendingFile {
  uid: string;
  name: string;
  percent: number;
  error: string | null;
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function EvidenceItem({
  attachment,
  canEdit,
  onDelete,
}: {
  attachment: TAttachment;
  canEdit: boolean;
  onDelete: (attachment: TAttachment) => Promise<void>;
}) {
  const { lang } = useI18n();
  const m = useMessages(EVIDENCE_MESSAGES);
  const { id, fileName, isImage, bytes, uploadedBy, uploadedAt } = attachment;
  return (
    <li className="evidence-item" data-testid="evidence-item">
      <a
        className="evidence-thumb"
        href={evidenceHref(id)}
        target="_blank"
        rel="noopener noreferrer"
        aria-label={fileName}
      >
        {isImage ? <img src={evidenceHref(id)} alt="" loading="lazy" /> : <FileIcon size={24} />}
      </a>
      <div className="evidence-text">
        <a
          className="evidence-name"
          href={evidenceHref(id, !isImage)}
          target={isImage ? '_blank' : undefined}
          rel="noopener noreferrer"
          data-testid="evidence-name"
        >
          {fileName}
        </a>
        <Typography.Text type="secondary" className="evidence-meta">
          {m('meta', { size: formatSize(bytes), who: uploadedBy, when: formatCollegeTime(uploadedAt, lang) })}
        </Typography.Text>
      </div>
      <div className="evidence-actions">
        <Button
          size="small"
          href={evidenceHref(id, true)}
          icon={<DownloadIcon />}
          aria-label={m('download')}
          title={m('download')}
          data-testid="evidence-download"
        />
        {canEdit ? (
          <Popconfirm
            title={m('confirmDelete', { name: fileName })}
            okText={m('delete')}
            okButtonProps={{ danger: true, ...{ 'data-testid': 'evidence-delete-confirm' } }}
            onConfirm={() => onDelete(attachment)}
          >
            <Button size="small" danger data-testid="evidence-delete">
              {m('delete')}
            </Button>
          </Popconfirm>
        ) : null}
      </div>
    </li>
  );
}

/** Where files are dropped or picked (a phone offers its camera too); `upload` says what happens to them. */
function DropArea({ upload }: { upload: Pick<UploadProps, 'customRequest' | 'beforeUpload'> }) {
  const m = useMessages(EVIDENCE_MESSAGES);
  const isPhone = useIsPhone();
  return (
    <Upload.Dragger
      {...upload}
      accept={ATTACHMENT_ACCEPT}
      multiple
      showUploadList={false}
      className="evidence-upload"
    >
      <span className="evidence-upload-text">
        <UploadIcon size={20} />
        {isPhone ? m('dropPhone') : m('drop')}
      </span>
    </Upload.Dragger>
  );
}

function EvidenceList({ target }: { target: TEvidenceTarget }) {
  const { lang } = useI18n();
  const m = useMessages(EVIDENCE_MESSAGES);
  const [message, messageHolder] = antdMessage.useMessage();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<TPendingFile[]>([]);
  const list = useQuery({ queryKey: evidenceQueryKey(target), queryFn: () => fetchEvidence(target, lang) });
  // Every query: the lists show each record's evidence count.
  const refresh = useCallback(() => queryClient.invalidateQueries(), [queryClient]);

  const change = (uid: string, patch: Partial<TPendingFile>) =>
    setPending((files) => files.map((f) => (f.uid === uid ? { ...f, ...patch } : f)));

  const upload = async (file: File & { uid: string }) => {
    setPending((files) => [...files, { uid: file.uid, name: file.name, percent: 0, error: null }]);
    if (file.size > ATTACHMENT_LIMITS.maxBytes) {
      change(file.uid, { error: m('tooLarge', { mb: MAX_MB }) });
      return;
    }
    try {
      await uploadEvidence(target, file, {
        lang,
        onUploadProgress: (fraction) => change(file.uid, { percent: Math.round(fraction * 100) }),
      });
      await refresh();
      setPending((files) => files.filter((f) => f.uid !== file.uid));
      void message.success(m('uploaded', { name: file.name }));
    } catch (error) {
      change(file.uid, { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const onDelete = async (attachment: TAttachment) => {
    try {
      await removeEvidence(attachment.id, lang);
      void message.success(m('deleted', { name: attachment.fileName }));
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error), 8);
    }
    await refresh();
  };

  if (list.isError) {
    return <Alert type="error" showIcon title={m('loadFailed', { reason: list.error.message })} />;
  }
  const attachments = list.data?.attachments ?? [];
  const canEdit = list.data?.canEdit ?? false;
  return (
    <>
      {messageHolder}
      {list.data && attachments.length === 0 ? (
        <Typography.Paragraph type="secondary" className="evidence-none" data-testid="evidence-none">
          {canEdit ? m('none') : m('noneReadOnly')}
        </Typography.Paragraph>
      ) : null}
      <ul className="evidence-list" data-testid="evidence-list">
        {attachments.map((a) => (
          <EvidenceItem key={a.id} attachment={a} canEdit={canEdit} onDelete={onDelete} />
        ))}
      </ul>
      {pending.map((f) =>
        f.error ? (
          <Alert
            key={f.uid}
            type="error"
            showIcon
            closable={{ 'aria-label': m('dismiss') }}
            onClose={() => setPending((files) => files.filter((x) => x.uid !== f.uid))}
            title={m('failed', { name: f.name, reason: f.error })}
            className="evidence-error"
            data-testid="evidence-error"
          />
        ) : (
          <div key={f.uid} className="evidence-pending" data-testid="evidence-progress">
            <Typography.Text ellipsis className="evidence-pending-name">
              {m('uploading')} {f.name}
            </Typography.Text>
            <Progress percent={f.percent} size="small" />
          </div>
        ),
      )}
      {canEdit && attachments.length < ATTACHMENT_LIMITS.maxPerRecord ? (
        <DropArea upload={{ customRequest: ({ file }) => void upload(file as File & { uid: string }) }} />
      ) : null}
    </>
  );
}

/** Files chosen for a record not saved yet: listed, removable, uploaded after the save (staged-evidence.ts). */
function StagedEvidenceList({ staged }: { staged: TStagedEvidence }) {
  const m = useMessages(EVIDENCE_MESSAGES);
  const { files, setFiles, progress } = staged;
  return (
    <>
      <ul className="evidence-list" data-testid="evidence-staged">
        {files.map((file) => (
          <li
            key={`${file.name}-${file.size}-${file.lastModified}`}
            className="evidence-item"
            data-testid="evidence-staged-item"
          >
            <span className="evidence-thumb">
              <FileIcon size={24} />
            </span>
            <div className="evidence-text">
              <span className="evidence-name">{file.name}</span>
              <Typography.Text type="secondary" className="evidence-meta">
                {formatSize(file.size)}
              </Typography.Text>
            </div>
            <Button
              size="small"
              disabled={progress !== null}
              onClick={() => setFiles((all) => all.filter((f) => f !== file))}
            >
              {m('remove')}
            </Button>
          </li>
        ))}
      </ul>
      {progress ? (
        <div className="evidence-pending" data-testid="evidence-progress">
          <Typography.Text className="evidence-pending-name">
            {m('stagedProgress', { n: progress.n, total: progress.total })}
          </Typography.Text>
          <Progress percent={progress.percent} size="small" />
        </div>
      ) : null}
      {files.length < ATTACHMENT_LIMITS.maxPerRecord && progress === null ? (
        <DropArea
          upload={{
            beforeUpload: (file) => {
              setFiles((all) => [...all, file]);
              return false;
            },
          }}
        />
      ) : null}
      <Typography.Paragraph type="secondary" className="evidence-hint" data-testid="evidence-staged-hint">
        {m('staged')}
      </Typography.Paragraph>
    </>
  );
}

/**
 * The evidence section: a saved record's files (`target`), or — for a record being added — the files
 * chosen to upload once it is saved (`staged`).
 */
export function EvidenceAttachments(
  props: { target: TEvidenceTarget; staged?: undefined } | { target: null; staged: TStagedEvidence },
) {
  const m = useMessages(EVIDENCE_MESSAGES);
  return (
    <section className="evidence" aria-label={m('title')} data-testid="evidence">
      <Typography.Title level={5} className="evidence-title">
        {m('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" className="evidence-hint">
        {m('hint', { mb: MAX_MB, n: ATTACHMENT_LIMITS.maxPerRecord })}
      </Typography.Paragraph>
      {props.target ? <EvidenceList target={props.target} /> : <StagedEvidenceList staged={props.staged} />}
    </section>
  );
}

/** A record's evidence count in a list; opens its files in a drawer (every reader of the record; editors may change them). */
export function EvidenceButton({
  target,
  count,
  title,
}: {
  target: TEvidenceTarget;
  count: number;
  title: string;
}) {
  const m = useMessages(EVIDENCE_MESSAGES);
  const isPhone = useIsPhone();
  const [isOpen, setIsOpen] = useState(false);
  if (count === 0) return null;
  return (
    <>
      <Button type="link" size="small" onClick={() => setIsOpen(true)} data-testid="evidence-open">
        {m('count', { n: count })}
      </Button>
      <Drawer
        open={isOpen}
        onClose={() => setIsOpen(false)}
        title={title}
        size={isPhone ? '100%' : 480}
        destroyOnHidden
        data-testid="evidence-drawer"
      >
        <EvidenceAttachments target={target} />
      </Drawer>
    </>
  );
}
