import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './config.ts';

const INI = `# ZORBLAT config
[Dictionaries]
verbfile_name    = ZORB.verbs.txt
actorfile_list   = A.actors.txt, B.actors.txt,
    C.actors.txt
agentfile_name   = Z.agents.txt
discardfile_name = Z.discards.txt
issuefile_name   = Z.issues.txt

[Options]
Code_By_Sentence = True
null_actors = False  
new_actor_length: 0

[StanfordNLP]
stanford_dir = ~/nowhere/
this line is not ini
`;

describe('parseConfig', () => {
  const c = parseConfig(INI, 'PETR_config.ini');

  it('reads the dictionary files, with continued lists', () => {
    assert.deepEqual(c.files, {
      verbs: 'ZORB.verbs.txt',
      actors: ['A.actors.txt', 'B.actors.txt', 'C.actors.txt'],
      agents: 'Z.agents.txt',
      discards: 'Z.discards.txt',
    });
  });

  it('reads [Options] with lower-case keys', () => {
    assert.deepEqual(c.options, { code_by_sentence: 'True', null_actors: 'False', new_actor_length: '0' });
  });

  it('reports unused keys and sections as ignored, unreadable lines as errors', () => {
    assert.deepEqual(
      c.diagnostics.map((d) => [d.line, d.severity]),
      [
        [8, 'ignored'],
        [15, 'ignored'],
        [17, 'error'],
      ],
    );
  });
});
