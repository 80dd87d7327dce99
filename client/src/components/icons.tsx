/**
 * The few icons the app draws, as inline SVG in the text colour: no icon font to load, and no emoji that
 * a machine without an emoji font shows as a box. Decorative (aria-hidden): the control or text beside
 * an icon carries its name.
 */
import type { ReactNode } from 'react';

function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="app-icon"
      viewBox="0 0 16 16"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      focusable="false"
    >
      {children}
    </svg>
  );
}

export function LockIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
    </Icon>
  );
}

export function MenuIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M2 4h12M2 8h12M2 12h12" />
    </Icon>
  );
}

export function SunIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <circle cx="8" cy="8" r="3" />
      <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
    </Icon>
  );
}

export function MoonIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7z" />
    </Icon>
  );
}

export function UserIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <circle cx="8" cy="5.5" r="2.75" />
      <path d="M2.5 14a5.5 5.5 0 0 1 11 0" />
    </Icon>
  );
}

export function DownloadIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 13.5h11" />
    </Icon>
  );
}

export function TableIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <rect x="2" y="2.5" width="12" height="11" rx="1" />
      <path d="M2 6h12M2 9.5h12M6.5 6v7.5" />
    </Icon>
  );
}

/** A document (the evidence list's stand-in for a file that is not an image). */
export function FileIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M4 1.5h5.5L12.5 4.5v10h-8.5z" />
      <path d="M9.5 1.5v3h3M6 8h4.5M6 10.5h4.5" />
    </Icon>
  );
}

export function UploadIcon({ size }: { size?: number }) {
  return (
    <Icon size={size}>
      <path d="M8 10.5V2.5M4.5 6 8 2.5 11.5 6M2.5 13.5h11" />
    </Icon>
  );
}
