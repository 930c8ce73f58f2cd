import type { ActionContext, ActionDef } from './context';
import { describeActions } from './describe';
import { imageActions } from './images';
import { instanceActions } from './instances';
import { snapshotActions } from './snapshots';
import { tagActions } from './tags';
import { volumeActions } from './volumes';

/** Every EC2 action the emulator speaks, by name. */
export const ACTIONS = {
  ...describeActions,
  ...instanceActions,
  ...imageActions,
  ...snapshotActions,
  ...volumeActions,
  ...tagActions,
};

export type ActionName = keyof typeof ACTIONS;

export const isActionName = (name: string): name is ActionName => Object.hasOwn(ACTIONS, name);

export type { ActionContext, ActionDef };
