// Line icons (24x24, stroke = currentColor). Decorative: the control that holds one names it.
import type { ReactNode } from 'react';

function Icon({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <svg className={className ? `icon ${className}` : 'icon'} viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor"
      strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const MicIcon = () => (
  <Icon><rect x="9" y="3" width="6" height="11" rx="3" /><path d="M5 11a7 7 0 0 0 14 0M12 18v3" /></Icon>
);
export const MicOffIcon = () => (
  <Icon><path d="M3 3l18 18M9 9v2a3 3 0 0 0 5.1 2.1M15 10V6a3 3 0 0 0-5.7-1.3M5 11a7 7 0 0 0 11.5 5.4M19 11a7 7 0 0 1-.6 2.8M12 18v3" /></Icon>
);
export const CameraIcon = () => (
  <Icon><rect x="2" y="6" width="14" height="12" rx="2" /><path d="M16 10l6-3v10l-6-3" /></Icon>
);
export const CameraOffIcon = () => (
  <Icon><path d="M3 3l18 18M16 12.5V8a2 2 0 0 0-2-2H9.5M5 6H4a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h10a2 2 0 0 0 1.7-1M16 10l6-3v10l-3.5-1.7" /></Icon>
);
export const ScreenIcon = () => (
  <Icon><rect x="2" y="4" width="20" height="13" rx="2" /><path d="M8 21h8M12 17v4" /></Icon>
);
export const ChatIcon = () => (
  <Icon><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.4A8 8 0 1 1 21 12z" /></Icon>
);
export const PeopleIcon = () => (
  <Icon><circle cx="9" cy="8" r="3.5" /><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6.5 6.5 0 0 1 3.5 6" /></Icon>
);
export const RecordIcon = () => (
  <Icon><circle cx="12" cy="12" r="9" /><circle cx="12" cy="12" r="4" fill="currentColor" /></Icon>
);
export const LeaveIcon = () => (
  <Icon><path d="M3 15.5c5.5-5 12.5-5 18 0l-2.2 2.4-3.3-1.6v-2.6a12 12 0 0 0-7 0v2.6l-3.3 1.6z" /></Icon>
);
export const ShieldIcon = () => (
  <Icon><path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" /></Icon>
);
export const ShieldCheckIcon = () => (
  <Icon><path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" /><path d="M8.5 12l2.5 2.5 4.5-5" /></Icon>
);
export const ShieldAlertIcon = () => (
  <Icon><path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" /><path d="M12 8v5M12 16.5v.01" /></Icon>
);
export const BuildingIcon = () => (
  <Icon><path d="M5 21V4h10v17M15 9h4v12M3 21h18" /><path d="M8 8h1M11 8h1M8 12h1M11 12h1M8 16h1M11 16h1" /></Icon>
);
export const AlertIcon = () => (
  <Icon><circle cx="12" cy="12" r="9" /><path d="M12 7.5v5.5M12 16.5v.01" /></Icon>
);
export const LockIcon = () => (
  <Icon><rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" /></Icon>
);
export const UnlockIcon = () => (
  <Icon><rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 7.6-1.7" /></Icon>
);
export const SettingsIcon = () => (
  <Icon><circle cx="12" cy="12" r="3" /><path d="M12 2v3M12 19v3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1L7 17M17 7l2.1-2.1" /></Icon>
);
export const HelpIcon = () => (
  <Icon><circle cx="12" cy="12" r="9" /><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17v.01" /></Icon>
);
export const CopyIcon = () => (
  <Icon><rect x="8" y="8" width="13" height="13" rx="2" /><path d="M16 8V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h3" /></Icon>
);
export const CloseIcon = () => (
  <Icon><path d="M6 6l12 12M18 6L6 18" /></Icon>
);
export const LinkIcon = () => (
  <Icon><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" /></Icon>
);
export const PlusIcon = () => (
  <Icon><path d="M12 5v14M5 12h14" /></Icon>
);
export const CrownIcon = () => (
  <Icon><path d="M3 7l4.5 4L12 5l4.5 6L21 7l-2 11H5z" /></Icon>
);
export const SignalIcon = ({ level }: { level: 0 | 1 | 2 | 3 }) => (
  <Icon className={`signal signal-${level}`}>
    <path className={level >= 1 ? 'on' : 'off'} d="M5 19v-3" />
    <path className={level >= 2 ? 'on' : 'off'} d="M12 19v-7" />
    <path className={level >= 3 ? 'on' : 'off'} d="M19 19V8" />
  </Icon>
);
export const ParleyMark = () => (
  <svg className="brand-mark" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true" focusable="false">
    <rect width="64" height="64" rx="14" fill="currentColor" />
    <path d="M18 20h20a10 10 0 0 1 0 20H28v8l-10-8z" className="brand-mark-ink" />
  </svg>
);
