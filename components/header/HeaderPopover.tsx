'use client';

import type { ReactNode } from 'react';
import { usePopover } from '@/components/ui/use-popover';
import { headerButtonClass, headerPanelClass, type HeaderButtonTone } from './header-button';

interface Props {
  /** What the button says. */
  label: ReactNode;
  /** The panel's accessible name. */
  title: string;
  role: 'menu' | 'dialog';
  testId: string;
  align: 'left' | 'right';
  /** Width and padding of the panel. */
  panelClass: string;
  tone?: HeaderButtonTone;
  /** Why the button cannot be used, shown as its tooltip; undefined when it can. */
  disabled?: string;
  hint?: string;
  /** Runs as the panel opens. */
  onOpen?: () => void;
  children: (close: () => void) => ReactNode;
}

/** A header button with its panel, closing on Esc and on a click outside. */
export function HeaderPopover(props: Props) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const toggle = () => {
    if (!open) props.onOpen?.();
    setOpen(!open);
  };
  return (
    <div className="relative" ref={ref} data-testid={props.testId}>
      <button
        type="button"
        aria-haspopup={props.role}
        aria-expanded={open}
        onClick={toggle}
        disabled={props.disabled !== undefined}
        title={props.disabled ?? props.hint}
        className={headerButtonClass(props.tone)}
      >
        {props.label}
      </button>
      {open ? (
        <div
          role={props.role}
          aria-label={props.title}
          className={`${headerPanelClass(props.align)} ${props.panelClass}`}
        >
          {props.children(() => setOpen(false))}
        </div>
      ) : null}
    </div>
  );
}
