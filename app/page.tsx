import { Suspense } from 'react';
import { LineageApp } from '@/components/LineageApp';
import { LoadingState } from '@/components/States';

export default function HomePage() {
  return (
    <Suspense fallback={<LoadingState />}>
      <LineageApp />
    </Suspense>
  );
}
