import type { ReactNode, SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement>;

/** A 16 px line icon on a 24-unit grid, drawn in the current colour; props (size, class, style) go to the svg. */
function icon(name: string, shapes: ReactNode) {
  const Icon = (props: IconProps) => (
    <svg
      width={16}
      height={16}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      {...props}
    >
      {shapes}
    </svg>
  );
  Icon.displayName = name;
  return Icon;
}

const InstanceIcon = icon(
  'InstanceIcon',
  <>
    <rect x="5" y="5" width="14" height="14" rx="2" />
    <rect x="9" y="9" width="6" height="6" />
    <path d="M9 2v3M15 2v3M9 19v3M15 19v3M2 9h3M2 15h3M19 9h3M19 15h3" />
  </>,
);
const VolumeIcon = icon(
  'VolumeIcon',
  <>
    <ellipse cx="12" cy="6" rx="7" ry="3" />
    <path d="M5 6v12c0 1.7 3.1 3 7 3s7-1.3 7-3V6" />
    <path d="M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3" />
  </>,
);
const SnapshotIcon = icon(
  'SnapshotIcon',
  <>
    <path d="M4 8h3l2-3h6l2 3h3v11H4z" />
    <circle cx="12" cy="13" r="3.5" />
  </>,
);
const ImageIcon = icon('ImageIcon', <path d="M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5" />);

export const StackIcon = icon(
  'StackIcon',
  <>
    <rect x="4" y="9" width="13" height="11" rx="1.5" />
    <path d="M7 6h12v11M10 3h11v11" />
  </>,
);
export const RefreshIcon = icon('RefreshIcon', <path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" />);
export const SearchIcon = icon(
  'SearchIcon',
  <>
    <circle cx="11" cy="11" r="6.5" />
    <path d="M20 20l-4.2-4.2" />
  </>,
);
export const LockIcon = icon(
  'LockIcon',
  <>
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </>,
);
export const CloseIcon = icon('CloseIcon', <path d="M6 6l12 12M18 6L6 18" />);

export const KIND_ICONS = {
  instance: InstanceIcon,
  volume: VolumeIcon,
  snapshot: SnapshotIcon,
  image: ImageIcon,
} as const;
