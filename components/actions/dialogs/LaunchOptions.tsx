'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { USER_DATA_MAX_BYTES, utf8Bytes } from '@/lib/api/actions';
import { launchOptionsQuery } from '@/lib/api/client';
import type { LaunchOptionsResponse, Readable, SecurityGroupOption, SubnetOption } from '@/lib/api/launch-options';
import { useActingAccount } from '@/components/accounts/acting-account';
import { plural } from '@/lib/lineage/story';
import { Field, INPUT, List, Mono } from '../form';

/** The network and access of a launch as the form stands; empty means "not named". */
export interface LaunchChoice {
  subnetId: string;
  securityGroupIds: string[];
  keyName: string;
  iamInstanceProfile: string;
  userData: string;
}

export const NO_CHOICE: LaunchChoice = {
  subnetId: '',
  securityGroupIds: [],
  keyName: '',
  iamInstanceProfile: '',
  userData: '',
};

/** The choice as the run-instances body takes it: what is not named is left out. */
export function choiceBody(choice: LaunchChoice) {
  const text = (value: string) => value.trim() || undefined;
  return {
    subnetId: text(choice.subnetId),
    securityGroupIds: choice.securityGroupIds.length ? choice.securityGroupIds : undefined,
    keyName: text(choice.keyName),
    iamInstanceProfile: text(choice.iamInstanceProfile),
    userData: choice.userData || undefined,
  };
}

/** What a launch in the region can choose from, for the acting account. */
export function useLaunchOptions(region: string) {
  const { accountId } = useActingAccount();
  return useQuery(launchOptionsQuery(region, accountId));
}

/** Why the launch cannot be sent as it stands: a region without a default VPC needs a subnet. */
export function subnetRequired(options: LaunchOptionsResponse | undefined, choice: LaunchChoice): string | null {
  if (options?.defaultVpcId !== null || choice.subnetId.trim()) return null;
  return `${options.region} has no default VPC: choose a subnet to launch into.`;
}

/** The launch's network and access in words, for the dialog's summary. */
export function ChoiceSummary({ choice }: { choice: LaunchChoice }) {
  const parts = [
    choice.subnetId ? (
      <span key="subnet">
        into <Mono>{choice.subnetId}</Mono>
      </span>
    ) : null,
    choice.securityGroupIds.length ? (
      <span key="groups">
        with{' '}
        <List
          items={choice.securityGroupIds.map((g) => (
            <Mono key={g}>{g}</Mono>
          ))}
        />
      </span>
    ) : null,
    choice.keyName ? (
      <span key="key">
        key pair <Mono>{choice.keyName}</Mono>
      </span>
    ) : null,
    choice.iamInstanceProfile ? (
      <span key="profile">
        instance profile <Mono>{choice.iamInstanceProfile}</Mono>
      </span>
    ) : null,
    choice.userData ? <span key="data">{plural(utf8Bytes(choice.userData), 'byte')} of user data</span> : null,
  ].filter((p) => p !== null);
  if (!parts.length) return null;
  return (
    <>
      {' '}
      (<List items={parts} />)
    </>
  );
}

/** The subnet, security group, key pair, instance profile and user data fields, each a picker where readable. */
export function LaunchOptionsFields({
  region,
  choice,
  onChange,
}: {
  region: string;
  choice: LaunchChoice;
  onChange: (choice: LaunchChoice) => void;
}) {
  const options = useLaunchOptions(region);
  const set = (patch: Partial<LaunchChoice>) => onChange({ ...choice, ...patch });
  const data = options.data;
  const required = data?.defaultVpcId === null;
  return (
    <fieldset
      className="space-y-3 border-t border-neutral-200 pt-3 dark:border-neutral-800"
      data-testid="launch-options"
    >
      <legend className="float-left mb-1 w-full text-sm font-medium">Network and access</legend>
      {options.isPending ? <p className="text-xs text-neutral-500">Reading {region}’s subnets and groups…</p> : null}
      {options.isError ? (
        <p className="text-xs text-red-700 dark:text-red-300">
          Cannot read {region}’s launch options ({options.error.message}): type ids and names instead.
        </p>
      ) : null}
      <SubnetField
        subnets={data?.subnets}
        defaultVpc={data ? data.defaultVpcId : undefined}
        required={required}
        value={choice.subnetId}
        onChange={(subnetId) => {
          const vpc = vpcOf(data, subnetId);
          const groups = data?.securityGroups.readable ? data.securityGroups.items : [];
          // Groups belong to a VPC: keep the ones of the new subnet's VPC.
          const kept = choice.securityGroupIds.filter((g) => groups.find((x) => x.id === g)?.vpcId === vpc || !vpc);
          set({ subnetId, securityGroupIds: kept });
        }}
      />
      <SecurityGroupsField
        groups={data?.securityGroups}
        vpcId={vpcOf(data, choice.subnetId)}
        value={choice.securityGroupIds}
        onChange={(securityGroupIds) => set({ securityGroupIds })}
      />
      <div className="grid grid-cols-2 gap-3">
        <NamePicker
          label="Key pair"
          list={data?.keyPairs}
          names={data?.keyPairs.readable ? data.keyPairs.items.map((k) => k.name) : []}
          none="No key pair"
          placeholder="key pair name"
          value={choice.keyName}
          onChange={(keyName) => set({ keyName })}
        />
        <NamePicker
          label="Instance profile"
          list={data?.instanceProfiles}
          names={data?.instanceProfiles.readable ? data.instanceProfiles.items.map((p) => p.name) : []}
          none="No instance profile"
          placeholder="profile name or ARN"
          value={choice.iamInstanceProfile}
          onChange={(iamInstanceProfile) => set({ iamInstanceProfile })}
        />
      </div>
      <UserDataField value={choice.userData} onChange={(userData) => set({ userData })} />
    </fieldset>
  );
}

/** The VPC a launch goes into: the chosen subnet's, else the default VPC. */
function vpcOf(data: LaunchOptionsResponse | undefined, subnetId: string): string | null {
  if (!data) return null;
  if (!subnetId) return data.defaultVpcId ?? null;
  const subnet = data.subnets.readable ? data.subnets.items.find((s) => s.id === subnetId) : undefined;
  return subnet?.vpcId ?? null;
}

const refusedHint = (what: string, list: Readable<unknown>) =>
  list.readable ? undefined : `Cannot list ${what} (${list.code}: ${list.message}). Type it instead.`;

const subnetLabel = (s: SubnetOption) =>
  [s.name ?? s.id, s.availabilityZone, s.cidr, s.defaultForAz ? 'default' : null].filter(Boolean).join(' · ');

function SubnetField(props: {
  subnets: Readable<SubnetOption> | undefined;
  /** undefined: not known whether the region has a default VPC. */
  defaultVpc: string | null | undefined;
  required: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  const { subnets, required, value, onChange } = props;
  const hint = required
    ? 'This region has no default VPC: a launch must name a subnet.'
    : subnets && refusedHint('subnets', subnets);
  return (
    <Field label={required ? 'Subnet (required)' : 'Subnet'} hint={hint}>
      {(id) =>
        subnets?.readable ? (
          <select id={id} className={INPUT} value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{required ? 'Choose a subnet…' : 'Default subnet of a zone EC2 picks'}</option>
            {subnets.items.map((s) => (
              <option key={s.id} value={s.id}>
                {subnetLabel(s)}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            className={INPUT}
            value={value}
            placeholder={required ? 'subnet-…' : 'subnet-… (optional)'}
            onChange={(e) => onChange(e.target.value.trim())}
          />
        )
      }
    </Field>
  );
}

function SecurityGroupsField(props: {
  groups: Readable<SecurityGroupOption> | undefined;
  vpcId: string | null;
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const { groups, vpcId, value, onChange } = props;
  const [typed, setTyped] = useState(value.join(', '));
  const labelId = useId();
  if (!groups?.readable) {
    return (
      <Field label="Security groups" hint={groups && refusedHint('security groups', groups)}>
        {(id) => (
          <input
            id={id}
            className={INPUT}
            value={typed}
            placeholder="sg-…, sg-… (the VPC's default group when empty)"
            onChange={(e) => {
              setTyped(e.target.value);
              onChange(e.target.value.split(/[\s,]+/).filter(Boolean));
            }}
          />
        )}
      </Field>
    );
  }
  const shown = groups.items.filter((g) => vpcId === null || g.vpcId === vpcId);
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((g) => g !== id));
  return (
    <div className="space-y-1">
      <div className="text-sm font-medium" id={labelId}>
        Security groups
      </div>
      <div
        role="group"
        aria-labelledby={labelId}
        className="max-h-28 space-y-1 overflow-auto rounded-md border border-neutral-200 px-2 py-1.5 dark:border-neutral-700"
      >
        {shown.length === 0 ? <p className="text-xs text-neutral-500">No security groups in this VPC.</p> : null}
        {shown.map((g) => (
          <label key={g.id} className="flex items-baseline gap-2 text-sm">
            <input type="checkbox" checked={value.includes(g.id)} onChange={(e) => toggle(g.id, e.target.checked)} />
            <span>{g.name}</span>
            <span className="truncate font-mono text-xs text-neutral-500">{g.id}</span>
          </label>
        ))}
      </div>
      <p className="text-xs text-neutral-500">
        {value.length ? plural(value.length, 'group') + ' chosen.' : "None chosen: the VPC's default group."}
      </p>
    </div>
  );
}

/** A choice among names read from AWS, or a typed name when they may not be read. */
function NamePicker(props: {
  label: string;
  list: Readable<unknown> | undefined;
  names: string[];
  none: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { label, list, names, none, placeholder, value, onChange } = props;
  return (
    <Field label={label} hint={list && refusedHint(label.toLowerCase() + 's', list)}>
      {(id) =>
        list?.readable ? (
          <select id={id} className={INPUT} value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{names.length ? none : `${none} (none exist)`}</option>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            className={INPUT}
            value={value}
            placeholder={placeholder}
            onChange={(e) => onChange(e.target.value.trim())}
          />
        )
      }
    </Field>
  );
}

function UserDataField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const bytes = utf8Bytes(value);
  const over = bytes > USER_DATA_MAX_BYTES;
  return (
    <Field label="User data">
      {(id) => (
        <>
          <textarea
            id={id}
            rows={3}
            className={`${INPUT} h-auto py-1 font-mono text-xs`}
            value={value}
            placeholder="#!/bin/bash or #cloud-config (optional; sent in base64)"
            onChange={(e) => onChange(e.target.value)}
          />
          <p className={`text-xs ${over ? 'text-red-700 dark:text-red-300' : 'text-neutral-500'}`}>
            {bytes.toLocaleString('en-US')} of {USER_DATA_MAX_BYTES.toLocaleString('en-US')} bytes
          </p>
        </>
      )}
    </Field>
  );
}
