import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJavaMajor } from './find-java.ts';
import { newClusterId } from './kafka-server.ts';
import { registryJavaMajor } from './registry-server.ts';

describe('parseJavaMajor', () => {
  it('reads `java -version` output and JDK release files of old and new numbering', () => {
    assert.equal(parseJavaMajor('openjdk version "17.0.15" 2025-04-15'), 17);
    assert.equal(parseJavaMajor('java version "1.8.0_402"'), 8);
    assert.equal(parseJavaMajor('IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="25"\n'), 25);
    assert.equal(parseJavaMajor('no version here'), undefined);
  });
});

describe('server requirements', () => {
  it('asks Java 17 for Apicurio 3.0.x and Java 21 for later versions', () => {
    assert.equal(registryJavaMajor('3.0.9'), 17);
    assert.equal(registryJavaMajor('3.3.3'), 21);
  });

  it('makes KRaft cluster ids of 22 URL-safe characters that never start with a dash', () => {
    for (let i = 0; i < 200; i++) {
      const id = newClusterId();
      assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
